// Players and Server pages: kick (with a message, confirmed first; cancel kicks nobody), save (flush), system messages (literal
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

test('players: kick two with a message after confirming; cancel or an edit sends nothing; nothing selected is refused', async () => {
  const online = (await raw.call('minecraft:players')).map((p) => p.name);
  assert.equal(online.length, 4);
  await nav(page, 'Players');
  const form = page.getByRole('region', { name: 'Kick players' });
  for (const name of online) await form.getByRole('checkbox', { name: `Select ${name}` }).waitFor();
  await env.screenshot('players');

  await form.getByRole('button', { name: 'Kick selected' }).click();
  await form.getByRole('alert').filter({ hasText: 'Select at least one entry first.' }).waitFor();

  const [victim, second] = online;
  await form.getByRole('checkbox', { name: `Select ${victim}` }).check();
  await form.getByRole('checkbox', { name: `Select ${second}` }).check();
  const dialog = form.getByRole('alertdialog', { name: 'Kick players' });
  await form.getByRole('button', { name: 'Kick selected' }).click();
  await dialog.getByText(`Kick ${victim}, ${second}?`).waitFor();
  // Editing the message withdraws the question (it would no longer be what is sent).
  await form.getByRole('textbox', { name: 'Kick message (optional)' }).fill('Server restart in 5 minutes');
  await dialog.waitFor({ state: 'detached' });
  await form.getByRole('button', { name: 'Kick selected' }).click();
  await dialog.getByText(`Kick ${victim}, ${second}?`).waitFor();
  await env.screenshot('confirm-kick');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await raw.call('minecraft:players')).length, 4, 'cancel kicks nobody');

  await form.getByRole('button', { name: 'Kick selected' }).click();
  await dialog.getByRole('button', { name: 'Yes, kick' }).click();
  await form.getByRole('status').filter({ hasText: `Kicked: ${victim}, ${second}` }).waitFor();
  await form.getByRole('checkbox', { name: `Select ${victim}` }).waitFor({ state: 'detached' });
  await form.getByRole('checkbox', { name: `Select ${second}` }).waitFor({ state: 'detached' });

  // Frames are recorded in order: a kick sent on cancel would be counted by now.
  assert.equal(sent.filter((f) => f.method === 'minecraft:players/kick').length, 1, 'only the confirmed kick was sent');
  const req = lastRequest('minecraft:players/kick');
  const kicks = req.params[0];
  assert.deepEqual(kicks.map((k) => k.player.name).sort(), [victim, second].sort());
  for (const k of kicks) assert.deepEqual(k.message, { literal: 'Server restart in 5 minutes' });
  await raw.waitForNotification('minecraft:notification/players/left', (p) => p[0].name === victim);
  assert.deepEqual((await raw.call('minecraft:players')).map((p) => p.name), online.slice(2));
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
