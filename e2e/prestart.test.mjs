// A 3.0.0+ server refuses most methods until it has started: the panel says so plainly,
// then loads everything as soon as the server reports `server/started`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectPanel, nav, rawClient, rowOf, startEnv } from './harness.mjs';

test('before the server has started: a clear banner, then a full load on server/started', async (t) => {
  const env = await startEnv(t, { sim: { protocol: '3.0.0' } });
  const raw = await rawClient(env.sim);
  t.after(() => raw.close());
  await raw.call('minecraft:allowlist/add', [[{ name: 'jeb_' }]]);
  await raw.call('sim:server/set_started', [false]);
  await env.open();
  await connectPanel(env.page);
  const banner = env.page.getByRole('alert').filter({ hasText: 'has not finished starting' });
  await banner.waitFor();
  await env.page.getByTestId('server-state').filter({ hasText: 'Starting' }).waitFor();
  await raw.call('sim:server/set_started', [true]);
  await banner.waitFor({ state: 'detached' });
  await env.page.getByTestId('server-state').filter({ hasText: 'Running' }).waitFor();
  await nav(env.page, 'Allowlist');
  await rowOf(env.page, 'jeb_').waitFor();
  assert.deepEqual(env.errors, []);
});
