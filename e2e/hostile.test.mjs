// A hostile or broken server cannot freeze or kill the page. A fake server stands between
// the panel and a real simulator: it forwards the panel's calls, but lists an allowlist entry
// twice, adds a custom method whose schema refers to itself 20 times over, and on demand
// sends an oversized frame, 50,000 unknown notifications and a flood of server/started.
// After each, a click must be answered within a second and the problem shown as text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { WebSocketServer } from 'ws';
import { nav, newPage, openPanel, randomSecret, rawClient, sections, startEnv, until } from './harness.mjs';

let env, fake, page;

/// The fake server: forwards to the simulator through a raw client, tampering on the way.
async function startFake(sim) {
  const upstream = await rawClient(sim);
  const server = http.createServer();
  const wss = new WebSocketServer({ server, handleProtocols: (p) => (p.has('minecraft-v1') ? 'minecraft-v1' : false) });
  const state = { socket: null, batches: 0, close: null };
  // One call at a time upstream: the raw client matches answers by order.
  let chain = Promise.resolve();
  wss.on('connection', (socket) => {
    state.socket = socket;
    socket.on('message', (data) => {
      chain = chain.then(async () => {
        const frame = JSON.parse(String(data));
        const reply = await upstream.request(frame);
        if (Array.isArray(frame)) state.batches++;
        for (const item of Array.isArray(reply) ? reply : [reply]) {
          const call = (Array.isArray(frame) ? frame : [frame]).find((c) => c.id === item.id);
          if (call?.method === 'minecraft:allowlist') {
            const steve = { id: '853c80ef-3c37-49fd-aa49-938b674adae6', name: 'Steve' };
            item.result = [steve, { name: 'alex' }, steve, { name: 'STEVE' }];
          }
          if (call?.method === 'rpc.discover') {
            const schemas = item.result.components.schemas;
            schemas.wide = { type: 'object', properties: {} };
            for (let i = 0; i < 20; i++) schemas.wide.properties[`p${i}`] = { $ref: '#/components/schemas/wide' };
            item.result.methods.push({
              name: 'evil:deep',
              description: 'A method whose parameter contains itself',
              params: [{ name: 'deep', required: true, schema: { $ref: '#/components/schemas/wide' } }],
              result: { name: 'ok', schema: { type: 'boolean' } },
            });
          }
        }
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `ws://127.0.0.1:${server.address().port}`,
    state,
    send: (text) => state.socket.send(text),
    close: async () => {
      await upstream.close();
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => { wss.close(); server.close(r); });
    },
  };
}

/// Clicks a section and measures until its page is on screen.
async function clickAnswered(name) {
  const started = Date.now();
  await nav(page, name);
  await page.locator('div.page:not([hidden]) h2.page-title', { hasText: name }).waitFor({ timeout: 5000 });
  return Date.now() - started;
}

before(async () => {
  env = await startEnv(null, {});
  fake = await startFake(env.sim);
  page = await newPage(env.browser, { errors: env.errors });
  page.setDefaultTimeout(15000);
  await openPanel(page, env.web, null, { server: fake.url, secret: randomSecret() });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await sections(page).waitFor();
});
after(async () => {
  await fake?.close();
  await env?.cleanup();
});

test('an entry the server lists twice is one row', async () => {
  await nav(page, 'Allowlist');
  const region = page.getByRole('region', { name: 'Entries' });
  await region.getByRole('cell', { name: 'alex', exact: true }).waitFor();
  assert.equal(await region.getByRole('cell', { name: 'Steve', exact: true }).count(), 1);
  assert.equal(await region.getByRole('row').count(), 3, 'header, Steve, alex');
  // Selecting the one Steve row selects one entry.
  await region.getByRole('row').filter({ hasText: 'Steve' }).getByRole('checkbox').check();
  assert.equal(await region.getByRole('checkbox', { checked: true }).count(), 1);
});

test('an oversized frame is dropped unread and reported; the page stays responsive', async () => {
  fake.send(JSON.stringify({ jsonrpc: '2.0', method: 'evil:notification/huge', params: ['x'.repeat(17 << 20)] }));
  await nav(page, 'Events');
  await page.getByRole('row').filter({ hasText: 'over the 16 MiB limit: dropped unread' }).waitFor();
  const ms = await clickAnswered('Overview');
  assert.ok(ms < 1000, `a click took ${ms} ms`);
});

test('50,000 unknown notifications: the page stays responsive and the log stays bounded', async () => {
  await nav(page, 'Events');
  const burst = [];
  for (let i = 0; i < 50000; i++) burst.push(JSON.stringify({ jsonrpc: '2.0', method: 'evil:notification/spam', params: [{ i }] }));
  const started = Date.now();
  for (const f of burst) fake.send(f);
  // The last one arrives, shown as text.
  await page.getByRole('row').filter({ hasText: '"i":49999' }).waitFor({ timeout: 60000 });
  const applied = Date.now() - started;
  const ms = await clickAnswered('Players');
  assert.ok(ms < 1000, `a click took ${ms} ms`);
  await nav(page, 'Events');
  const rows = await page.locator('div.page:not([hidden]) table.events tbody tr').count();
  assert.ok(rows <= 1000, `the log keeps at most 1000 events, shows ${rows}`);
  console.log(`50,000 unknown notifications applied in ${applied} ms`);
});

test('a flood of server/started costs one refetch', async () => {
  const before = fake.state.batches;
  for (let i = 0; i < 2000; i++) fake.send(JSON.stringify({ jsonrpc: '2.0', method: 'minecraft:notification/server/started' }));
  await until(() => fake.state.batches > before, 'the refetch', 10000);
  const ms = await clickAnswered('Overview');
  assert.ok(ms < 1000, `a click took ${ms} ms`);
  // Give a second refetch every chance to show up: it must not.
  await page.waitForTimeout(500);
  assert.equal(fake.state.batches - before, 1, 'one refetch for 2000 server/started');
});

test('a self-referencing custom schema gives a bounded example form', async () => {
  await nav(page, 'API explorer');
  await page.getByRole('combobox', { name: 'Method' }).selectOption({ label: 'evil:deep' });
  const form = page.getByRole('region', { name: 'evil:deep' });
  const json = form.getByRole('textbox', { name: 'Parameter (JSON)' });
  await json.waitFor();
  const text = await json.inputValue();
  assert.ok(text.length < 50000, `example of ${text.length} characters`);
  assert.match(text, /"p0": \{/);
  const ms = await clickAnswered('Overview');
  assert.ok(ms < 1000, `a click took ${ms} ms`);
  const unexpected = env.errors.filter((e) => !/WebSocket/.test(e));
  assert.deepEqual(unexpected, []);
});
