// Smoke tests proving the harness: the release bundle loads in Chromium, and the real
// simulator binary starts, answers a raw client and restarts with its state file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawClient, simAvailable, startEnv, startSim, SIM_BIN } from './harness.mjs';

test('the panel loads in Chromium', async (t) => {
  const env = await startEnv(t, { sim: simAvailable() ? {} : false });
  await env.open();
  assert.equal(await env.page.title(), 'MSMP Panel');
  await env.page.getByRole('heading').first().waitFor({ timeout: 15000 });
  await env.screenshot('smoke-loaded');
  assert.deepEqual(env.errors, []);
});

test(
  'the simulator answers a raw client and keeps its state across a restart',
  { skip: !simAvailable() && `no simulator binary at ${SIM_BIN}` },
  async (t) => {
    const sim = await startSim();
    t.after(() => sim.stop());
    assert.match(sim.url, /^ws:\/\/127\.0\.0\.1:\d+$/);

    const client = await rawClient(sim);
    const doc = await client.call('rpc.discover');
    assert.ok(Array.isArray(doc.methods) && doc.methods.length > 0, 'discover lists methods');
    await client.close();

    const port = sim.port;
    await sim.restart();
    assert.equal(sim.port, port, 'restart keeps the port');
    const again = await rawClient(sim, { auth: 'subprotocol', origin: 'http://127.0.0.1:1' }).catch(
      (e) => e,
    );
    assert.equal(again.status, 401, 'an origin that is not allowed is refused with 401');
    const bearer = await rawClient(sim);
    assert.ok(Array.isArray(await bearer.call('minecraft:allowlist')));
    await bearer.close();
  },
);
