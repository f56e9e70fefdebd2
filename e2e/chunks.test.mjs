// Pages outside the start bundle (src/ui/lazy.rs): the release build fetches a page's chunk
// on its first visit (Players' once a connection starts), and a chunk
// that cannot be fetched (the network gone, a panel redeployed under the tab) says so with
// a retry instead of leaving a blank page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { connectPanel, currentPage, nav, sections, startEnv } from './harness.mjs';

const CHUNK = /-(split|chunk)_\w+\.wasm$/;

test('a page chunk is fetched on its first visit only, and a failed fetch can be retried', async (t) => {
  const env = await startEnv(t);
  const { page } = env;
  const fetched = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (CHUNK.test(path)) fetched.push(basename(path));
  });
  let offline = true;
  await page.route(/-split_explorer\.wasm$/, (route) =>
    offline ? route.abort('internetdisconnected') : route.continue(),
  );
  await env.open();
  await connectPanel(page);
  // Connecting fetches the Players chunk ahead (a page people open next), no other.
  await page.waitForLoadState('networkidle');
  assert.ok(fetched.some((f) => f.includes('-split_players')), `players fetched ahead: ${fetched}`);
  assert.ok(!fetched.some((f) => /-split_(settings|explorer|server|events|game_rules)\./.test(f)), `${fetched}`);

  await nav(page, 'Settings');
  await page.getByRole('group', { name: 'Max players', exact: true }).waitFor();
  assert.ok(fetched.some((f) => f.includes('-split_settings')), `settings chunk fetched: ${fetched}`);
  assert.ok(!fetched.some((f) => f.includes('-split_explorer')), 'no other page chunk yet');

  await sections(page).getByRole('button', { name: 'API explorer', exact: true }).click();
  const alert = currentPage(page).getByRole('alert');
  await alert.getByText(/This page could not be loaded/).waitFor();
  await env.screenshot('chunk-failed');
  offline = false;
  await alert.getByRole('button', { name: 'Retry now' }).click();
  await currentPage(page).getByRole('combobox', { name: 'Method' }).waitFor();
  assert.equal(await alert.count(), 0, 'the notice goes once the page is in');

  // The one failure logged is the fetch the test cut off.
  const unexpected = env.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e));
  assert.deepEqual(unexpected, []);
});
