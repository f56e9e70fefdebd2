// Players and Server pages: the online table (what each player is; two kicked at once with a
// message, confirmed first, cancel kicks nobody; a ban from a row, then the player's details;
// operator from a row and back), save (flush), system messages (literal
// and translatable, overlay, everyone or chosen players), and stop with its typed
// confirmation (on a simulator of its own, last). Each request the form sent is read back
// from the page's WebSocket frames; effects are cross-checked with a raw client.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WS_FAILED,
  connectPanel,
  nav,
  newPage,
  openPanel,
  recordFrames,
  screenshot,
  startConnected,
  startSim,
} from './harness.mjs';

let env, page, raw, sent;

/// The last request for `method` the page sent.
function lastRequest(method) {
  const hit = sent.filter((f) => f.method === method).at(-1);
  assert.ok(hit, `the page sent ${method}`);
  return hit;
}

before(async () => {
  env = await startConnected({
    sim: { players: 4 },
    beforeOpen: (e) => {
      sent = recordFrames(e.page);
    },
  });
  ({ page, raw } = env);
});
after(() => env?.cleanup());

const online = () => page.getByRole('region', { name: 'Players online' });
const rowOfPlayer = (name) =>
  online()
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: `Details of ${name}`, exact: true }) });

test('players: a table of who is online with what they are; two kicked at once with a message after confirming', async () => {
  const names = (await raw.call('minecraft:players')).map((p) => p.name);
  assert.equal(names.length, 4);
  await nav(page, 'Players');
  for (const name of names) await online().getByRole('checkbox', { name: `Select ${name}` }).waitFor();
  // Online when the panel connected; not an operator, not allowlisted, not banned.
  const first = rowOfPlayer(names[0]);
  const players = await raw.call('minecraft:players');
  await first.getByText(players[0].id, { exact: true }).waitFor();
  assert.deepEqual(
    (await first.getByRole('cell').allInnerTexts()).slice(3, 7),
    ['before the panel connected', 'no', 'no', 'no'],
  );
  for (const act of ['Kick', 'Ban', 'Ban IP of', 'Make']) {
    await first.getByRole('button', { name: new RegExp(`^${act} ${names[0]}`) }).waitFor();
  }
  await env.screenshot('players');

  const selection = online().getByRole('group', { name: 'With the selected players' });
  await selection.getByRole('button', { name: 'Kick selected' }).click();
  await online().getByRole('alert').filter({ hasText: 'Select at least one entry first.' }).waitFor();

  const [victim, second] = names;
  await online().getByRole('checkbox', { name: `Select ${victim}` }).check();
  await online().getByRole('checkbox', { name: `Select ${second}` }).check();
  await selection.getByRole('button', { name: 'Kick selected' }).click();
  const form = page.getByRole('region', { name: 'Kick players' });
  const dialog = form.getByRole('alertdialog', { name: 'Kick players' });
  await form.getByRole('button', { name: 'Kick players' }).click();
  await dialog.getByText(`Kick ${victim}, ${second}?`).waitFor();
  // Editing the message withdraws the question (it would no longer be what is sent).
  await form.getByRole('textbox', { name: 'Kick message (optional)' }).fill('Server restart in 5 minutes');
  await dialog.waitFor({ state: 'detached' });
  await form.getByRole('button', { name: 'Kick players' }).click();
  await dialog.getByText(`Kick ${victim}, ${second}?`).waitFor();
  await env.screenshot('confirm-kick');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await raw.call('minecraft:players')).length, 4, 'cancel kicks nobody');

  await form.getByRole('button', { name: 'Kick players' }).click();
  await dialog.getByRole('button', { name: 'Yes, kick' }).click();
  await form.getByRole('status').filter({ hasText: `Kicked: ${victim}, ${second}` }).waitFor();
  await rowOfPlayer(victim).waitFor({ state: 'detached' });
  await rowOfPlayer(second).waitFor({ state: 'detached' });

  // Frames are recorded in order: a kick sent on cancel would be counted by now.
  assert.equal(sent.filter((f) => f.method === 'minecraft:players/kick').length, 1, 'only the confirmed kick was sent');
  const kicks = lastRequest('minecraft:players/kick').params[0];
  assert.deepEqual(kicks.map((k) => k.player.name).sort(), [victim, second].sort());
  for (const k of kicks) assert.deepEqual(k.message, { literal: 'Server restart in 5 minutes' });
  assert.deepEqual((await raw.call('minecraft:players')).map((p) => p.name), names.slice(2));
  await form.getByRole('button', { name: 'Close' }).click();
  assert.deepEqual(env.errors, []);
});

test('players: banned from their row (asked first), then their details say banned and list the events', async () => {
  const [victim] = (await raw.call('minecraft:players')).map((p) => p.name);
  await rowOfPlayer(victim).getByRole('button', { name: `Ban ${victim}`, exact: true }).click();
  const form = page.getByRole('region', { name: 'Ban players' });
  await form.getByRole('textbox', { name: 'Reason (optional)' }).fill('x-ray');
  await form.getByRole('button', { name: 'Ban players' }).click();
  const dialog = form.getByRole('alertdialog', { name: 'Ban players' });
  await dialog.getByText(`Ban ${victim}?`).waitFor();
  await dialog.getByRole('button', { name: 'Yes, ban' }).click();
  await form.getByRole('status').filter({ hasText: `Banned: ${victim}` }).waitFor();
  const bans = await raw.call('minecraft:bans');
  assert.deepEqual(bans.map((b) => [b.player.name, b.reason]), [[victim, 'x-ray']]);
  assert.deepEqual(lastRequest('minecraft:bans/add').params[0], [{ player: { id: bans[0].player.id, name: victim }, reason: 'x-ray' }]);
  // The server disconnects a banned player: the row leaves; their details remain.
  await rowOfPlayer(victim).waitFor({ state: 'detached' });
  const detail = page.getByRole('region', { name: 'Player details' });
  await detail.getByRole('searchbox', { name: 'Name or UUID of any player' }).fill(victim);
  await detail.getByRole('button', { name: 'Show' }).click();
  await detail.getByText('Banned: x-ray', { exact: true }).waitFor();
  await detail.getByText('Not online', { exact: true }).waitFor();
  await detail.getByText('minecraft:notification/bans/added').waitFor();
  await detail.getByText('minecraft:notification/players/left').waitFor();
  await env.screenshot('player-detail');
  // From a list: a name on the Allowlist page opens that player's details.
  await raw.call('minecraft:allowlist/add', [[{ name: 'Notch' }]]);
  await nav(page, 'Allowlist');
  await page.getByRole('region', { name: 'Entries' }).getByRole('button', { name: 'Notch', exact: true }).click();
  await page.getByRole('heading', { name: 'Players', level: 2 }).waitFor();
  const facts = detail.locator('dl.facts');
  await facts.getByText('Notch', { exact: true }).waitFor();
  assert.deepEqual(await facts.locator('dd').allInnerTexts().then((d) => [d[2], d[4], d[5]]), ['Not online', 'yes', 'no']);
  await raw.call('minecraft:allowlist/remove', [[{ name: 'Notch' }]]);
  assert.deepEqual(env.errors, []);
});

test('players: made operator from the row (no question), then removed again after one', async () => {
  const [who] = (await raw.call('minecraft:players')).map((p) => p.name);
  const row = rowOfPlayer(who);
  await row.getByRole('button', { name: `Make ${who} operator`, exact: true }).click();
  const form = page.getByRole('region', { name: 'Make operators' });
  await form.getByRole('combobox', { name: 'Permission level' }).selectOption('2');
  await form.getByRole('button', { name: 'Make operators' }).click();
  await form.getByRole('status').filter({ hasText: `Operators now: ${who}` }).waitFor();
  await row.getByRole('cell', { name: 'level 2', exact: true }).waitFor();
  assert.equal((await raw.call('minecraft:operators'))[0].permissionLevel, 2);

  await row.getByRole('button', { name: `Remove ${who} as operator`, exact: true }).click();
  const remove = page.getByRole('region', { name: 'Remove operators' });
  await remove.getByRole('button', { name: 'Remove operators' }).click();
  await remove.getByRole('alertdialog').getByRole('button', { name: 'Yes, remove' }).click();
  await remove.getByRole('status').filter({ hasText: `No longer operators: ${who}` }).waitFor();
  assert.deepEqual(await raw.call('minecraft:operators'), []);
  assert.deepEqual(env.errors, []);
});

test('server: save with flush', async () => {
  await nav(page, 'Server');
  const form = page.getByRole('region', { name: 'Save the world' });
  await form.getByRole('checkbox', { name: 'Flush (wait until everything is written)' }).check();
  const before = raw.notifications.length;
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await form.getByRole('status').filter({ hasText: 'Save requested.' }).waitFor();
  assert.deepEqual(lastRequest('minecraft:server/save').params, [true]);
  await raw.waitForNotification('minecraft:notification/server/saved');
  assert.ok(raw.notifications.slice(before).some((n) => n.method === 'minecraft:notification/server/saving'));
  assert.deepEqual(env.errors, []);
});

test('server: system message, literal with overlay to everyone', async () => {
  await nav(page, 'Server');
  const form = page.getByRole('region', { name: 'System message' });
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByRole('alert').filter({ hasText: 'Enter the message text or translation key.' }).waitFor();
  await form.getByRole('radio', { name: 'Literal text' }).check();
  await form.getByRole('textbox', { name: 'Message' }).fill('Welcome <b>all</b>');
  await form.getByRole('checkbox', { name: 'Show above the hotbar (overlay)' }).check();
  await form.getByRole('radio', { name: 'Everyone' }).check();
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByRole('status').filter({ hasText: /^Sent\.$/ }).waitFor();
  assert.deepEqual(lastRequest('minecraft:server/system_message').params, [
    { message: { literal: 'Welcome <b>all</b>' }, overlay: true },
  ]);
  assert.deepEqual(env.errors, []);
});

test('server: system message, translatable with parameters to chosen players', async () => {
  const online = (await raw.call('minecraft:players')).map((p) => p.name);
  await nav(page, 'Server');
  const form = page.getByRole('region', { name: 'System message' });
  await form.getByRole('radio', { name: 'Translation key' }).check();
  await form.getByRole('textbox', { name: 'Translation key' }).fill('chat.type.announcement');
  await form.getByRole('textbox', { name: 'Parameters (one per line)' }).fill('Server\nBackup at noon');
  await form.getByRole('checkbox', { name: 'Show above the hotbar (overlay)' }).uncheck();
  await form.getByRole('radio', { name: 'Chosen online players' }).check();
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByRole('alert').filter({ hasText: 'Select at least one entry first.' }).waitFor();
  await form.getByRole('checkbox', { name: `Select ${online[0]}` }).check();
  await env.screenshot('server');
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByRole('status').filter({ hasText: /^Sent\.$/ }).waitFor();
  const req = lastRequest('minecraft:server/system_message').params[0];
  assert.deepEqual(req.message, { translatable: 'chat.type.announcement', translatableParams: ['Server', 'Backup at noon'] });
  assert.equal(req.overlay, false);
  assert.deepEqual(req.receivingPlayers.map((p) => p.name), [online[0]]);
  assert.deepEqual(env.errors, []);
});

test('server: stop needs STOP typed; then the server stops and the panel says the connection is lost', async (t) => {
  const sim = await startSim({ origins: [env.web.origin] });
  t.after(() => sim.stop());
  const errors = [];
  const p = await newPage(env.browser, { errors });
  t.after(() => p.context().close());
  p.setDefaultTimeout(10000);
  await openPanel(p, env.web, sim);
  await connectPanel(p);
  await nav(p, 'Server');
  const form = p.getByRole('region', { name: 'Stop the server' });
  const stop = form.getByRole('button', { name: 'Stop server' });
  assert.ok(await stop.isDisabled(), 'disabled until STOP is typed');
  await form.getByRole('textbox', { name: 'Type STOP to confirm' }).fill('stop');
  assert.ok(await stop.isDisabled(), 'lower case is not enough');
  await form.getByRole('textbox', { name: 'Type STOP to confirm' }).fill('STOP');
  await stop.click();
  await form.getByRole('status').filter({ hasText: 'The server is stopping.' }).waitFor();
  const exited = await new Promise((resolve) => {
    if (sim.proc.exitCode !== null) return resolve(sim.proc.exitCode);
    sim.proc.once('exit', (code) => resolve(code));
  });
  assert.equal(exited, 0, 'the simulator exited by itself');
  await p.getByRole('alert').filter({ hasText: /Connection lost|Reconnecting/ }).first().waitFor();
  await screenshot(p, 'server-stopped');
  assert.deepEqual(errors.filter((e) => !WS_FAILED.test(e)), []);
});
