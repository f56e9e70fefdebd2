// Allowlist, bans, IP bans and operators: every method of each group from its form (add,
// remove selected via confirm, replace via review-diff-confirm, clear via confirm), the
// result checked in the page and against a second raw client; cancelling a confirmation
// sends nothing; unknown names reported; our own add shows exactly one row once the
// notification it triggers has arrived too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { listRegion, nav, recordFrames, rowOf, startConnected, until } from './harness.mjs';

let env, page, raw, sent, marker = 0;

before(async () => {
  env = await startConnected({
    sim: { players: 3 },
    beforeOpen: (e) => {
      sent = recordFrames(e.page);
    },
  });
  ({ page, raw } = env);
});

// How many `method` requests the page has sent. Frames are recorded in order: once the answer
// to a later request is on screen, an earlier one would have been counted.
const sentCount = (method) => sent.filter((f) => f.method === method).length;
const lastRequest = (method) => sent.filter((f) => f.method === method).at(-1);
after(() => env?.cleanup());

// Every notification sent before now has reached the page: a marker sent after them shows in
// the Events log (the server sends to each connection in order). Then back to `pageName`.
async function settle(pageName) {
  const method = `e2e:marker_${++marker}`;
  await raw.call('sim:notify', { notification: { method } });
  await nav(page, 'Events');
  await page.getByRole('row').filter({ hasText: method }).waitFor();
  await nav(page, pageName);
}

const addForm = () => page.getByRole('region', { name: 'Add' });
const replaceForm = () =>
  page.getByRole('group').filter({ has: page.getByRole('heading', { name: 'Replace the whole list' }) });
const clearForm = () => page.getByRole('region', { name: 'Clear the list' });

async function expectCount(n) {
  await listRegion(page).getByRole('status').filter({ hasText: new RegExp(`^Entries: ${n}$`) }).waitFor();
  // Header row + one per entry.
  await until(async () => (await listRegion(page).getByRole('row').count()) === n + 1, `${n} rows`);
}

const removeDialog = () => listRegion(page).getByRole('alertdialog', { name: 'Remove selected' });

// Selects `label`, asks to remove it and cancels (nothing changes), then asks again and confirms.
async function removeSelected(label, method, remaining, listName) {
  const removes = sentCount(`${method}/remove`);
  const before = (await raw.call(method)).length;
  await listRegion(page).getByRole('checkbox', { name: `Select ${label}` }).check();
  await listRegion(page).getByRole('button', { name: 'Remove selected' }).click();
  await removeDialog().getByText(`Remove ${label} from the ${listName}?`).waitFor();
  await removeDialog().getByRole('button', { name: 'Cancel' }).click();
  await removeDialog().waitFor({ state: 'detached' });
  await rowOf(page, label).waitFor();
  assert.equal((await raw.call(method)).length, before, 'cancel removes nothing');

  await listRegion(page).getByRole('button', { name: 'Remove selected' }).click();
  await removeDialog().getByRole('button', { name: 'Yes, remove' }).click();
  await listRegion(page).getByRole('status').filter({ hasText: 'Entries removed: 1.' }).waitFor();
  await rowOf(page, label).waitFor({ state: 'detached' });
  await expectCount(remaining.length);
  const now = await raw.call(method);
  assert.equal(now.length, remaining.length);
  assert.equal(sentCount(`${method}/remove`), removes + 1, 'only the confirmed removal was sent');
}

// Opens "Replace the whole list" (prefilled with the current list), types `lines`, reviews
// the difference and confirms.
async function replace(lines, { prefilled, added, removed, outcome, fill }) {
  const form = replaceForm();
  // <details> stays open after a replace; opening it fills in the current list.
  if (!(await form.evaluate((d) => d.open))) {
    await form.getByRole('heading', { name: 'Replace the whole list' }).click();
  }
  const box = form.getByRole('textbox').first();
 
  await until(async () => (await box.inputValue()) === prefilled.join('\n'), `the current list (${prefilled}) prefilled`);
  await box.fill(lines.join('\n'));
  if (fill) await fill(form);
  assert.equal(await form.getByRole('button', { name: 'Replace the list' }).count(), 0, 'confirm only after review');
  await form.getByRole('button', { name: 'Review changes' }).click();
  const diff = form.getByRole('status').first();
  await diff.waitFor();
  const text = await diff.textContent();
  for (const a of added) assert.match(text, new RegExp(`Added: .*${a}`, 'i'), text);
  for (const r of removed) assert.match(text, new RegExp(`Removed: .*${r}`, 'i'), text);
  await form.getByRole('button', { name: 'Replace the list' }).click();
  await form.getByRole('status').filter({ hasText: outcome }).waitFor();
}

async function clear(method, n, file) {
  const clears = sentCount(`${method}/clear`);
  const dialog = clearForm().getByRole('alertdialog', { name: 'Clear the list' });
  await clearForm().getByRole('button', { name: 'Clear list…' }).click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await raw.call(method)).length, n, 'cancel clears nothing');

  await clearForm().getByRole('button', { name: 'Clear list…' }).click();
  await dialog.getByText(`Remove every entry (${n} in all)? This cannot be undone.`).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download the current list (JSON)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), file);
  const saved = JSON.parse(await fs.readFile(await download.path(), 'utf8'));
  assert.equal(saved.length, n);
  await dialog.getByRole('button', { name: 'Yes, clear it' }).click();
  await clearForm().getByRole('status').filter({ hasText: 'The list is empty now.' }).waitFor();
  await listRegion(page).getByText('The list is empty.').waitFor();
  await expectCount(0);
  assert.deepEqual(await raw.call(method), []);
  assert.equal(sentCount(`${method}/clear`), clears + 1, 'only the confirmed clear was sent');
}

test('allowlist: add (unknown name reported), one row each, remove, replace, clear', async () => {
  await nav(page, 'Allowlist');
  await expectCount(0);
  await addForm().getByRole('textbox', { name: 'Players (one name or UUID per line)' }).fill('jeb_\nNotch\nnobody_xyz_123');
  await addForm().getByRole('button', { name: 'Add' }).click();
  await addForm()
    .getByRole('status')
    .filter({ hasText: "Added 2 of 3: 'nobody_xyz_123' not a known player (the server skipped it)." })
    .waitFor();
  // Only the skipped name stays in the form, ready to be corrected.
  assert.equal(
    await addForm().getByRole('textbox', { name: 'Players (one name or UUID per line)' }).inputValue(),
    'nobody_xyz_123',
  );
  await rowOf(page, 'jeb_').waitFor();
  await rowOf(page, 'Notch').waitFor();
  await expectCount(2);
  assert.deepEqual((await raw.call('minecraft:allowlist')).map((p) => p.name).sort(), ['Notch', 'jeb_']);
  // The allowlist/added notifications came after the response: still exactly one row each.
  await settle('Allowlist');
  await expectCount(2);
  assert.equal(await rowOf(page, 'jeb_').count(), 1);
  assert.equal(await rowOf(page, 'Notch').count(), 1);
  await env.screenshot('allowlist');

  await removeSelected('Notch', 'minecraft:allowlist', ['jeb_'], 'allowlist');
  await replace(['jeb_', 'Dinnerbone', 'Grumm'], {
    prefilled: ['jeb_'],
    added: ['dinnerbone', 'grumm'],
    removed: [],
    outcome: 'Entries in the list now: 3. Added 3 of 3.',
  });
  await rowOf(page, 'Grumm').waitFor();
  await expectCount(3);
  assert.deepEqual((await raw.call('minecraft:allowlist')).map((p) => p.name).sort(), ['Dinnerbone', 'Grumm', 'jeb_']);
  await replace(['Grumm'], { prefilled: ['jeb_', 'Dinnerbone', 'Grumm'], added: [], removed: ['jeb_', 'Dinnerbone'], outcome: 'Entries in the list now: 1.' });
  await expectCount(1);
  await rowOf(page, 'Grumm').waitFor();
  await clear('minecraft:allowlist', 1, 'allowlist.json');
  assert.deepEqual(env.errors, []);
});

test('bans: add with reason and expiry, remove, replace, clear', async () => {
  await nav(page, 'Bans');
  const add = addForm();
  await add.getByRole('textbox', { name: 'Players (one name or UUID per line)' }).fill('Notch\nGrumm\nno_such_player_9');
  await add.getByRole('textbox', { name: 'Reason (optional)' }).fill('griefing the spawn');
  await add.getByRole('textbox', { name: /^Source/ }).fill('e2e moderator');
  assert.ok(await add.getByRole('textbox', { name: 'Expires' }).isDisabled(), 'expiry off while "Never" is ticked');
  await add.getByRole('checkbox', { name: 'Never' }).uncheck();
  await add.getByRole('textbox', { name: 'Expires' }).fill('2030-01-02T03:04');
  await add.getByRole('button', { name: 'Add' }).click();
  await add
    .getByRole('status')
    .filter({ hasText: "Added 2 of 3: 'no_such_player_9' not a known player" })
    .waitFor();
  const row = rowOf(page, 'Notch');
  await row.getByRole('cell', { name: 'griefing the spawn' }).waitFor();
  await row.getByRole('cell', { name: 'e2e moderator' }).waitFor();
  // Shown as the language writes a date (Intl), e.g. "Jan 2, 2030, 3:04 AM".
  await row.getByRole('cell', { name: /^Jan [12], 2030, / }).waitFor();
  const bans = await raw.call('minecraft:bans');
  assert.equal(bans.length, 2);
  const notch = bans.find((b) => b.player.name === 'Notch');
  assert.equal(notch.reason, 'griefing the spawn');
  assert.equal(notch.source, 'e2e moderator');
  assert.match(notch.expires, /^2030-01-0[12]/);
  await settle('Bans');
  await expectCount(2);
  await env.screenshot('bans');

  await removeSelected('Grumm', 'minecraft:bans', ['Notch'], 'ban list');
  await replace(['Notch', 'Dinnerbone'], {
    prefilled: ['Notch'],
    added: ['dinnerbone'],
    removed: [],
    outcome: 'Entries in the list now: 2.',
    fill: async (form) => form.getByRole('textbox', { name: 'Reason (optional)' }).fill('alt account'),
  });
  await rowOf(page, 'Dinnerbone').getByRole('cell', { name: 'alt account' }).waitFor();
  // The kept entry keeps its details; the new one never expires.
  await rowOf(page, 'Notch').getByRole('cell', { name: 'griefing the spawn' }).waitFor();
  await rowOf(page, 'Dinnerbone').getByRole('cell', { name: 'never' }).waitFor();
  const after = await raw.call('minecraft:bans');
  assert.deepEqual(after.map((b) => b.player.name).sort(), ['Dinnerbone', 'Notch']);
  assert.equal(after.find((b) => b.player.name === 'Dinnerbone').reason, 'alt account');
  await clear('minecraft:bans', 2, 'bans.json');
  assert.deepEqual(env.errors, []);
});

test('IP bans: by address (validated), by picking an online player, remove, replace, clear', async () => {
  await nav(page, 'IP bans');
  const add = addForm();
  const ips = add.getByRole('textbox', { name: 'IP addresses (one IPv4 or IPv6 per line)' });
  await ips.fill('999.1.2.3');
  await add.getByRole('button', { name: 'Add' }).click();
  await add.getByRole('alert').filter({ hasText: 'is not an IPv4 or IPv6 address' }).waitFor();

  await ips.fill('203.0.113.7');
  await add.getByRole('textbox', { name: 'Reason (optional)' }).fill('botting');
  await add.getByRole('button', { name: 'Add' }).click();
  await add.getByRole('status').filter({ hasText: 'Addresses in the list now: 1.' }).waitFor();
  await rowOf(page, '203.0.113.7').getByRole('cell', { name: 'botting' }).waitFor();
  await rowOf(page, '203.0.113.7').getByRole('cell', { name: 'Management server' }).waitFor();

  // By an online player's address: the server bans it and disconnects the player.
  const online = await raw.call('minecraft:players');
  const victim = online[1].name;
  const picker = add.getByRole('combobox', { name: 'Or ban the address of an online player' });
  await picker.selectOption({ label: victim });
  await add.getByRole('textbox', { name: 'Reason (optional)' }).fill('by player');
  await add.getByRole('button', { name: 'Add' }).click();
  await add.getByRole('status').filter({ hasText: 'Addresses in the list now: 2.' }).waitFor();
  await expectCount(2);
  const bans = await raw.call('minecraft:ip_bans');
  assert.equal(bans.length, 2);
  const byPlayer = bans.find((b) => b.ip !== '203.0.113.7');
  assert.equal(byPlayer.reason, 'by player');
  await rowOf(page, byPlayer.ip).waitFor();
  await raw.waitForNotification('minecraft:notification/players/left', (p) => p[0].name === victim);
  await until(async () => (await picker.getByRole('option', { name: victim }).count()) === 0, `${victim} gone from the picker`);
  await env.screenshot('ip-bans');

  await removeSelected('203.0.113.7', 'minecraft:ip_bans', [byPlayer.ip], 'IP ban list');
  await replace([byPlayer.ip, '198.51.100.1', '2001:db8::1'], {
    prefilled: [byPlayer.ip],
    added: ['198.51.100.1', '2001:db8::1'],
    removed: [],
    outcome: 'Entries in the list now: 3.',
  });
  await rowOf(page, '2001:db8::1').waitFor();
  await expectCount(3);
  assert.deepEqual((await raw.call('minecraft:ip_bans')).map((b) => b.ip).sort(), ['198.51.100.1', '2001:db8::1', byPlayer.ip].sort());
  await clear('minecraft:ip_bans', 3, 'ip_bans.json');
  assert.deepEqual(env.errors, []);
});

test('operators: add with level and bypass (unknown name reported), remove, replace, clear', async () => {
  await nav(page, 'Operators');
  const add = addForm();
  await add.getByRole('textbox', { name: 'Players (one name or UUID per line)' }).fill('Dinnerbone\nghost_op_77');
  await add.getByRole('combobox', { name: 'Permission level' }).selectOption('2');
  await add.getByRole('checkbox', { name: 'Bypasses the player limit' }).check();
  await add.getByRole('button', { name: 'Add' }).click();
  await add
    .getByRole('status')
    .filter({ hasText: "Added 1 of 2: 'ghost_op_77' not a known player (the server skipped it)." })
    .waitFor();
  const row = rowOf(page, 'Dinnerbone');
  await row.getByRole('cell', { name: '2', exact: true }).waitFor();
  await row.getByRole('cell', { name: '✓' }).waitFor();
  let ops = await raw.call('minecraft:operators');
  assert.deepEqual(ops, [
    { player: { id: ops[0].player.id, name: 'Dinnerbone' }, permissionLevel: 2, bypassesPlayerLimit: true },
  ]);
  await add.getByRole('textbox', { name: 'Players (one name or UUID per line)' }).fill('jeb_');
  await add.getByRole('combobox', { name: 'Permission level' }).selectOption('4');
  await add.getByRole('checkbox', { name: 'Bypasses the player limit' }).uncheck();
  await add.getByRole('button', { name: 'Add' }).click();
  await add.getByRole('status').filter({ hasText: 'Added 1 of 1.' }).waitFor();
  await rowOf(page, 'jeb_').getByRole('cell', { name: '4', exact: true }).waitFor();
  await settle('Operators');
  await expectCount(2);
  await env.screenshot('operators');

  await removeSelected('Dinnerbone', 'minecraft:operators', ['jeb_'], 'operator list');
  await replace(['jeb_', 'Grumm'], {
    prefilled: ['jeb_'],
    added: ['grumm'],
    removed: [],
    outcome: 'Entries in the list now: 2.',
    fill: async (form) => form.getByRole('combobox', { name: 'Permission level' }).selectOption('3'),
  });
  await rowOf(page, 'Grumm').getByRole('cell', { name: '3', exact: true }).waitFor();
  ops = await raw.call('minecraft:operators');
  assert.equal(ops.find((o) => o.player.name === 'Grumm').permissionLevel, 3);
  assert.equal(ops.find((o) => o.player.name === 'jeb_').permissionLevel, 4, 'a kept entry keeps its level');
  await clear('minecraft:operators', 2, 'operators.json');
  assert.deepEqual(env.errors, []);
});

test('what was typed in a form survives a visit to another page', async () => {
  await nav(page, 'Allowlist');
  const box = addForm().getByRole('textbox', { name: 'Players (one name or UUID per line)' });
  await box.fill('half_typed');
  await nav(page, 'Overview');
  await nav(page, 'Allowlist');
  assert.equal(await box.inputValue(), 'half_typed');
  await box.fill('');
});

test('remove selected names how many; a changed selection, Cancel or Escape send nothing', async () => {
  await nav(page, 'Allowlist');
  await raw.call('minecraft:allowlist/add', [[{ name: 'jeb_' }, { name: 'Notch' }, { name: 'Grumm' }]]);
  await expectCount(3);
  const removes = sentCount('minecraft:allowlist/remove');
  const remove = listRegion(page).getByRole('button', { name: 'Remove selected' });
  const select = (name) => listRegion(page).getByRole('checkbox', { name: `Select ${name}` });
  await select('jeb_').check();
  await select('Notch').check();
  await remove.click();
  await removeDialog().getByText('Remove 2 entries from the allowlist?').waitFor();
  await env.screenshot('confirm-remove');
  // Ticking another entry withdraws the question: it no longer says what would happen.
  await select('Grumm').check();
  await removeDialog().waitFor({ state: 'detached' });
  await remove.click();
  await removeDialog().getByText('Remove 3 entries from the allowlist?').waitFor();
  // Focus is on Cancel, so Escape reaches the dialog.
  await page.keyboard.press('Escape');
  await removeDialog().waitFor({ state: 'detached' });
  await remove.click();
  await removeDialog().getByRole('button', { name: 'Cancel' }).click();
  await removeDialog().waitFor({ state: 'detached' });
  assert.equal((await raw.call('minecraft:allowlist')).length, 3, 'nothing removed yet');

  await select('Grumm').uncheck();
  await remove.click();
  await removeDialog().getByText('Remove 2 entries from the allowlist?').waitFor();
  await removeDialog().getByRole('button', { name: 'Yes, remove' }).click();
  await listRegion(page).getByRole('status').filter({ hasText: 'Entries removed: 2.' }).waitFor();
  await expectCount(1);
  // Had a withdrawn or cancelled question sent its call, Grumm would be gone too.
  assert.deepEqual((await raw.call('minecraft:allowlist')).map((p) => p.name), ['Grumm']);
  assert.equal(sentCount('minecraft:allowlist/remove'), removes + 1);
  await raw.call('minecraft:allowlist/clear');
  await expectCount(0);
  assert.deepEqual(env.errors, []);
});

test('allowlist: a CSV file is previewed (new, already there, invalid), then imported; the list exports as CSV and JSON', async () => {
  await nav(page, 'Allowlist');
  await raw.call('minecraft:allowlist/add', [[{ name: 'Notch' }]]);
  await expectCount(1);
  const form = page.getByRole('region', { name: 'Import' });
  const csv = 'name,id\r\nNotch,\r\njeb_,\r\nnobody_xyz_123,\r\nnot a name!,\r\n';
  const importsBefore = sentCount('minecraft:allowlist/add');
  await form.getByLabel('Or load a file').setInputFiles({ name: 'players.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const preview = form.locator('.preview');
  await preview.getByText('New (2)').waitFor();
  await preview.getByText('Already in the list (1)').waitFor();
  await preview.getByText('Invalid (1)').waitFor();
  await preview.getByText('Line 5: not a player name: not a name!').waitFor();
  assert.equal(await form.getByRole('textbox', { name: 'CSV, JSON or one entry per line' }).inputValue(), csv.replaceAll('\r\n', '\n'));
  await env.screenshot('import-preview');
  assert.equal(sentCount('minecraft:allowlist/add'), importsBefore, 'nothing sent before the import');
  await form.getByRole('button', { name: 'Import', exact: true }).click();
  await form
    .getByRole('status')
    .filter({ hasText: "Added 1 of 2: 'nobody_xyz_123' not a known player (the server skipped it)." })
    .waitFor();
  assert.deepEqual(lastRequest('minecraft:allowlist/add').params[0], [{ name: 'jeb_' }, { name: 'nobody_xyz_123' }]);
  await expectCount(2);

  const [csvFile] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Export CSV' }).click()]);
  assert.equal(csvFile.suggestedFilename(), 'allowlist.csv');
  const lines = (await fs.readFile(await csvFile.path(), 'utf8')).trim().split('\r\n');
  assert.equal(lines[0], 'name,id');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]).sort(), ['Notch', 'jeb_']);
  const [jsonFile] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Export JSON' }).click()]);
  const exported = JSON.parse(await fs.readFile(await jsonFile.path(), 'utf8'));
  assert.deepEqual(exported, await raw.call('minecraft:allowlist'));
  await raw.call('minecraft:allowlist/clear');
  await expectCount(0);
  assert.deepEqual(env.errors, []);
});
