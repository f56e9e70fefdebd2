// What a server can do comes from its rpc.discover document, not its version number: a
// server that omits the bans and game-rules getters and the MOTD setter (as a bridge might),
// reports protocol 3.9.0 and adds a console: namespace. The panel says the version is newer
// than it knows, shows the MOTD read-only, says the bans list and the game rules are not
// offered, and shows the extra namespace's notification in the log and its method in the
// explorer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { listRegion, nav, screenshot, startConnected } from './harness.mjs';

let env, page;

before(async () => {
  env = await startConnected({
    sim: {
      args: ['--omit', 'bans,gamerules,serversettings/motd/set', '--report-version', '3.9.0', '--console-namespace'],
    },
  });
  page = env.page;
});

after(() => env?.cleanup());

test('a newer protocol version is named as such and everything listed works', async () => {
  const facts = page.getByRole('region', { name: 'Status' });
  await facts
    .getByRole('definition')
    .filter({ hasText: /^3\.9\.0 \(newer than this panel knows: it uses what the server lists\)$/ })
    .waitFor();
  // The allowlist, which the server lists, is fetched and shown as usual.
  await nav(page, 'Allowlist');
  await listRegion(page).getByRole('status').filter({ hasText: /^Entries: \d+$/ }).waitFor();
  assert.deepEqual(env.errors, []);
});

test('a setting without its setter is read-only and says why', async () => {
  await nav(page, 'Settings');
  const motd = page.getByRole('group', { name: 'Message of the day', exact: true });
  const field = motd.getByRole('textbox', { name: 'Message of the day' });
  await field.waitFor();
  assert.equal(await field.isDisabled(), true, 'the MOTD cannot be edited');
  assert.equal(await motd.getByRole('button', { name: 'Gold (§6)' }).isDisabled(), true, 'nor its codes inserted');
  await motd.getByText('This server does not offer minecraft:serversettings/motd/set').waitFor();
  // Its current value was still read (the getter is listed).
  await motd.getByText(/^Current: /).waitFor();
  // A setting with both is editable as ever.
  const players = page.getByRole('group', { name: 'Max players', exact: true });
  assert.equal(await players.getByRole('spinbutton').isDisabled(), false);
  await screenshot(page, 'capabilities-settings');
});

test('a list whose getter is not offered says so instead of an empty table', async () => {
  await nav(page, 'Bans');
  const list = listRegion(page);
  await list.getByRole('status').filter({ hasText: 'This server does not offer minecraft:bans' }).waitFor();
  assert.equal(await list.getByRole('table').count(), 0, 'no table for a list that cannot be read');
  assert.equal(await list.getByText('The list is empty.').count(), 0);
});

test('a page whose getter is not offered says so', async () => {
  await nav(page, 'Game rules');
  await page.getByRole('status').filter({ hasText: 'This server does not offer minecraft:gamerules' }).waitFor();
  assert.equal(await page.locator('div.page:not([hidden])').getByRole('form').count(), 0, 'no rule forms');
  // Players are offered: no such notice there.
  await nav(page, 'Players');
  assert.equal(await page.getByText('This server does not offer minecraft:players').count(), 0);
});

test("the extra namespace's method is in the explorer and its notification in the log", async () => {
  await env.raw.call('sim:notify', {
    notification: { method: 'console:notification/line', params: ['[Server thread/INFO]: hello from the console'] },
  });
  await nav(page, 'Events');
  await page.getByRole('row').filter({ hasText: 'console:notification/line' }).waitFor();
  await nav(page, 'API explorer');
  const method = page.getByRole('combobox', { name: 'Method' });
  await method.selectOption({ label: 'console:log/recent' });
  const form = page.getByRole('region', { name: 'console:log/recent' });
  await form.getByRole('button', { name: /^(Call|Send)/ }).first().click();
  await form.getByText(/For help, type/).waitFor();
  assert.deepEqual(env.errors, []);
});
