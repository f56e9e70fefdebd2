// Toasts and the audit log: every action's outcome shows as a toast; each action is one
// audit entry (server, method, parameters, outcome) that survives a reload, can be filtered
// and exported as CSV and JSON; opting out removes the stored log and stores nothing more.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { connectPanel, nav, startConnected } from './harness.mjs';

let env, page, raw;

before(async () => {
  env = await startConnected({ sim: { players: 2 } });
  ({ page, raw } = env);
});
after(() => env?.cleanup());

const toasts = () => page.getByRole('region', { name: 'Outcomes of actions' });
const audit = () => page.getByRole('region', { name: 'Actions taken from this panel' });

test('each action shows a toast and is one audit entry, kept across a reload', async () => {
  await nav(page, 'Allowlist');
  const add = page.getByRole('region', { name: 'Add' });
  await add.getByRole('textbox', { name: 'Players (one name or UUID per line)' }).fill('Notch');
  await add.getByRole('button', { name: 'Add' }).click();
  await add.getByRole('status').filter({ hasText: 'Added 1 of 1' }).waitFor();
  const toast = toasts().locator('.toast').filter({ hasText: 'Added 1 of 1' });
  await toast.waitFor();
  // Its form said it already: the toast is not read out a second time.
  assert.equal(await toast.getAttribute('aria-hidden'), 'true');
  await env.screenshot('toast');
  await toast.getByRole('button', { name: 'Dismiss', includeHidden: true }).click();
  await toast.waitFor({ state: 'detached' });

  await nav(page, 'Server');
  const save = page.getByRole('region', { name: 'Save the world' });
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await save.getByRole('status').filter({ hasText: 'Save requested.' }).waitFor();

  await nav(page, 'Audit log');
  const rows = audit().getByRole('row');
  await audit().getByText('2 of 2 actions').waitFor();
  const address = new URL(env.sim.url).host;
  const newest = rows.nth(1);
  await newest.getByRole('cell', { name: 'minecraft:server/save', exact: true }).waitFor();
  await newest.getByRole('cell', { name: 'Done: Save requested.' }).waitFor();
  const oldest = rows.nth(2);
  await oldest.getByRole('cell', { name: 'minecraft:allowlist/add', exact: true }).waitFor();
  await oldest.getByRole('cell', { name: address, exact: true }).waitFor();
  await oldest.getByRole('cell', { name: /"name":"Notch"/ }).waitFor();
  await env.screenshot('audit');

  await audit().getByRole('searchbox', { name: 'Filter the audit log' }).fill('NOTCH');
  await audit().getByText('1 of 2 actions').waitFor();
  const [csv] = await Promise.all([page.waitForEvent('download'), audit().getByRole('button', { name: 'Export CSV' }).click()]);
  assert.equal(csv.suggestedFilename(), 'msmp-audit.csv');
  const lines = (await fs.readFile(await csv.path(), 'utf8')).trim().split('\r\n');
  assert.equal(lines[0], 'time,server,method,params,ok,outcome');
  assert.equal(lines.length, 2, 'the filtered entry only');
  assert.match(lines[1], new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[^,]+,${address},minecraft:allowlist/add,"\\[{""name"":""Notch""}\\]",true,`));
  await audit().getByRole('searchbox', { name: 'Filter the audit log' }).fill('');
  const [json] = await Promise.all([page.waitForEvent('download'), audit().getByRole('button', { name: 'Export JSON' }).click()]);
  const entries = JSON.parse(await fs.readFile(await json.path(), 'utf8'));
  assert.deepEqual(entries.map((e) => [e.method, e.ok]), [['minecraft:allowlist/add', true], ['minecraft:server/save', true]]);
  // No secret anywhere in what is kept.
  const stored = await page.evaluate(() => localStorage.getItem('msmp-panel.audit'));
  assert.ok(stored && !stored.includes(env.sim.secret), 'the stored log holds no secret');

  // A new page load (the fragment with the secret was taken from the address bar).
  await page.goto('about:blank');
  await env.open();
  await connectPanel(page);
  await nav(page, 'Audit log');
  await audit().getByText('2 of 2 actions').waitFor();
  assert.deepEqual(env.errors, []);
});

test('opting out removes the stored log and keeps only this tab\'s actions', async () => {
  await audit().getByRole('checkbox', { name: 'Keep the audit log in this browser' }).uncheck();
  assert.equal(await page.evaluate(() => localStorage.getItem('msmp-panel.audit')), null);
  await nav(page, 'Server');
  const save = page.getByRole('region', { name: 'Save the world' });
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await save.getByRole('status').filter({ hasText: 'Save requested.' }).waitFor();
  await nav(page, 'Audit log');
  await audit().getByText('3 of 3 actions').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('msmp-panel.audit')), null, 'nothing stored');

  await audit().getByRole('button', { name: 'Clear the audit log' }).click();
  const dialog = audit().getByRole('alertdialog', { name: 'Clear the audit log' });
  await dialog.getByText('Remove all 3 actions from the audit log in this browser?').waitFor();
  await dialog.getByRole('button', { name: 'Yes, clear' }).click();
  await audit().getByText('No action yet.').waitFor();
  assert.deepEqual(env.errors, []);
});
