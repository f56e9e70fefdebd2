// Connecting: the prefilled fragment and one click on Connect through the subprotocol, the
// server's versions shown, the initial state fetched (small getters batched, lists alone); a wrong secret, a
// refused origin and a 1.0.0 server (no browser login) each give the failure checklist.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WS_FAILED,
  loadingStatus,
  nav,
  newPage,
  openPanel,
  randomSecret,
  rawClient,
  screenshot,
  sections,
  startEnv,
  startSim,
} from './harness.mjs';

let env;
before(async () => {
  env = await startEnv(null, { sim: { players: 2 } });
  env.page.setDefaultTimeout(10000);
});
after(() => env?.cleanup());

test('one click on Connect with the prefilled fragment shows the server and protocol versions', async () => {
  const { page, sim } = env;
  const frames = [];
  page.on('websocket', (ws) => {
    frames.push({ url: ws.url(), sent: [] });
    ws.on('framesent', (f) => frames.at(-1).sent.push(String(f.payload)));
  });
  // Something on each list beforehand: connecting must only read it.
  const before = await rawClient(sim);
  await before.call('minecraft:allowlist/add', [[{ name: 'jeb_' }]]);
  await before.call('minecraft:bans/add', [[{ player: { name: 'Notch' }, reason: 'test' }]]);
  await before.call('minecraft:ip_bans/add', [[{ ip: '203.0.113.9' }]]);
  await before.call('minecraft:operators/add', [[{ player: { name: 'Grumm' }, permissionLevel: 2 }]]);
  await before.close();
  await env.open();
  // The form is filled from the fragment, and the fragment (with the secret) is gone.
  assert.equal(await page.getByRole('textbox', { name: 'Server address' }).inputValue(), sim.url);
  assert.equal(await page.getByLabel('Secret', { exact: true }).inputValue(), sim.secret);
  assert.equal(await page.getByLabel('Secret', { exact: true }).getAttribute('type'), 'password');
  await page.waitForFunction(() => location.hash === '');
  assert.ok(!page.url().includes(sim.secret), 'the secret does not stay in the address bar');
  assert.equal(await page.getByRole('checkbox', { name: 'Remember on this device' }).isChecked(), false);
  await env.screenshot('connect-form');

  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await sections(page).waitFor();

  const raw = await rawClient(sim);
  const status = await raw.call('minecraft:server/status');
  const badge = page.getByRole('status').filter({ hasText: 'Connected to' });
  await badge.getByText(`Connected to 127.0.0.1:${sim.port}`).waitFor();
  await badge.getByText(status.version.name, { exact: true }).waitFor();
  await badge.getByText('MSMP 3.0.0').waitFor();
  const facts = page.getByRole('region', { name: 'Status' });
  await facts.getByRole('definition').filter({ hasText: `${status.version.name} (protocol ${status.version.protocol})` }).waitFor();
  await facts.getByRole('definition').filter({ hasText: /^3\.0\.0$/ }).waitFor();
  await facts.getByRole('definition').filter({ hasText: /^Running$/ }).waitFor();
  // The getters ran: both players online are listed.
  const online = page.getByRole('list', { name: 'Players online' });
  for (const p of status.players) await online.getByRole('listitem').filter({ hasText: p.name }).waitFor();
  await loadingStatus(page).waitFor({ state: 'detached' });

  // One socket; rpc.discover first, then the small getters in one batch frame and each
  // list in a frame of its own (shown while the server still writes the next).
  assert.equal(frames.length, 1);
  assert.equal(frames[0].url.replace(/\/$/, ''), sim.url);
  assert.equal(JSON.parse(frames[0].sent[0]).method, 'rpc.discover');
  const batch = JSON.parse(frames[0].sent[1]);
  assert.ok(Array.isArray(batch), 'the small getters are one batch');
  const lists = ['minecraft:allowlist', 'minecraft:bans', 'minecraft:ip_bans', 'minecraft:operators'];
  const alone = frames[0].sent.slice(2, 2 + lists.length).map((f) => JSON.parse(f));
  assert.deepEqual(alone.map((c) => c.method), lists, 'then each list alone');
  const calls = batch.concat(alone);
  const methods = calls.map((c) => c.method);
  for (const m of ['minecraft:players', 'minecraft:gamerules', 'minecraft:server/status', 'minecraft:serversettings/motd']) {
    assert.ok(methods.includes(m), `${m} is in the initial batch`);
  }
  // Only getters: nothing in it may change the server.
  for (const m of methods) {
    assert.doesNotMatch(m, /\/(set|add|remove|clear|kick|save|stop|system_message|update)$/, `${m} is no getter`);
  }
  assert.equal(calls.every((c) => c.params === undefined || (Array.isArray(c.params) && c.params.length === 0)), true);
  // The lists were read, not changed.
  await nav(page, 'Allowlist');
  await page.getByRole('region', { name: 'Entries' }).getByRole('cell', { name: 'jeb_', exact: true }).waitFor();
  assert.equal((await raw.call('minecraft:allowlist')).length, 1);
  assert.equal((await raw.call('minecraft:bans')).length, 1);
  assert.equal((await raw.call('minecraft:ip_bans')).length, 1);
  assert.equal((await raw.call('minecraft:operators')).length, 1);
  await raw.close();
  await nav(page, 'Overview');
  await env.screenshot('overview');
  assert.deepEqual(env.errors, []);
});

test('a malformed secret is refused in the form before any connection attempt', async () => {
  const page = await newPage(env.browser, { errors: env.errors });
  let sockets = 0;
  page.on('websocket', () => sockets++);
  await openPanel(page, env.web, env.sim, { secret: 'too-short' });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('region', { name: 'Connect to a server' }).getByRole('alert').waitFor();
  assert.equal(sockets, 0, 'no WebSocket was opened');
  await page.context().close();
  assert.deepEqual(env.errors, []);
});

/// Opens the panel for `server`/`secret` in a fresh page, clicks Connect and returns the
/// failure checklist after checking it names this page's exact origin.
async function expectChecklist(name, opts) {
  const errors = [];
  const page = await newPage(env.browser, { errors });
  page.setDefaultTimeout(10000);
  await openPanel(page, env.web, null, opts);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const list = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Could not connect' }) });
  await list.waitFor();
  const origin = env.web.origin;
  assert.equal(await list.locator('code.origin').textContent(), origin);
  const props = await list.locator('pre.properties').textContent();
  assert.match(props, /management-server-enabled=true/);
  assert.ok(props.includes(`management-server-allowed-origins=${origin}`), props);
  const port = new URL(opts.server).port;
  assert.match(props, new RegExp(`management-server-port=${port}`));
  assert.match(props, /management-server-tls-enabled=false/);
  await list.getByText('The secret is exactly management-server-secret.').waitFor();
  await list.getByText(/^The server runs Minecraft 1\.21\.11 or later\. 1\.21\.9 and 1\.21\.10 \(MSMP 1\.0\.0\) accept no connection from a browser/).waitFor();
  await list.getByRole('button', { name: 'Copy origin' }).waitFor();
  await list.getByRole('button', { name: 'Copy server.properties lines' }).waitFor();
  // Still on the form: nothing pretends to be connected.
  await page.getByRole('button', { name: 'Connect', exact: true }).waitFor();
  assert.equal(await sections(page).count(), 0);
  await screenshot(page, name);
  // The only console errors a failed handshake may cause: Chromium logs each failed socket.
  const unexpected = errors.filter((e) => !WS_FAILED.test(e));
  assert.deepEqual(unexpected, []);
  assert.ok(errors.length <= 1, `one failed socket at most: ${errors}`);
  await page.context().close();
}

test('a wrong secret gives the failure checklist with the exact origin', async () => {
  await expectChecklist('connect-failed-wrong-secret', { server: env.sim.url, secret: randomSecret() });
});

test('an origin the server does not allow gives the same checklist', async (t) => {
  const sim = await startSim({ origins: ['http://localhost:1'] });
  t.after(() => sim.stop());
  await expectChecklist('connect-failed-origin', { server: sim.url, secret: sim.secret });
  // The raw client confirms the reason the browser could not see.
  const refused = await rawClient(sim, { auth: 'subprotocol', origin: env.web.origin }).catch((e) => e);
  assert.equal(refused.status, 401);
  assert.match(refused.body, /Origin Not Allowed/);
});

test('a 1.0.0 server (Minecraft 1.21.9, 1.21.10) refuses the browser: the checklist says to update it', async (t) => {
  // Even with this page's origin allowed: 1.0.0 has no browser authentication at all.
  const sim = await startSim({ protocol: '1.0.0', origins: [env.web.origin] });
  t.after(() => sim.stop());
  await expectChecklist('connect-failed-1.0.0', { server: sim.url, secret: sim.secret });
  const refused = await rawClient(sim, { auth: 'subprotocol', origin: env.web.origin }).catch((e) => e);
  assert.equal(refused.status, 401);
  assert.match(refused.body, /Missing API key/);
  // A Bearer client (a backend, not a browser) still gets in.
  const raw = await rawClient(sim);
  assert.equal((await raw.call('minecraft:server/status')).started, true);
  await raw.close();
});
