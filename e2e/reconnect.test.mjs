// The simulator killed (a crash) and restarted with its state file: the banner with
// "Retry now", actions refused visibly while disconnected, then reconnect and a full resync
// (lists as the state file now has them, players as the restarted server has them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { WS_FAILED, listRegion, loadingStatus, nav, rawClient, rowOf, startConnected, until } from './harness.mjs';

let env, page;

const onlineNames = () => page.getByRole('list', { name: 'Players online' }).getByRole('listitem');

before(async () => {
  env = await startConnected({
    sim: { players: 2 },
    // One entry on the allowlist and one operator; the raw client is not needed after that.
    beforeOpen: async ({ raw }) => {
      await raw.call('minecraft:allowlist/add', [[{ name: 'jeb_' }]]);
      await raw.call('minecraft:operators/add', [[{ player: { name: 'Notch' }, permissionLevel: 4 }]]);
      await raw.close();
    },
  });
  page = env.page;
});
after(() => env?.cleanup());

test('killed and restarted with its state file: banner, refusal, reconnect, resync', async () => {
  const raw = await rawClient(env.sim);
  await raw.call('sim:players/join', { player: { name: 'Grumm' } });
  await raw.close();
  await nav(page, 'Overview');
  await onlineNames().filter({ hasText: /^Grumm$/ }).waitFor();
  assert.equal(await onlineNames().count(), 3);
  await nav(page, 'Allowlist');
  await rowOf(page, 'jeb_').waitFor();

  // An unsaved edit on Settings must survive the reconnect's refetch of every value.
  await nav(page, 'Settings');
  const motd = page.getByRole('group', { name: 'Message of the day', exact: true }).getByRole('textbox');
  await motd.fill('draft, not saved');
  await nav(page, 'Allowlist');

  await env.sim.kill();
  const lost = page.getByRole('alert').filter({ hasText: /^Connection lost\. Reconnecting in \d+ s \(attempt \d+\)\./ });
  await lost.waitFor();
  await lost.getByRole('button', { name: 'Retry now' }).waitFor();
  // The page keeps showing what it had, and the navigation stays usable.
  await rowOf(page, 'jeb_').waitFor();
  await env.screenshot('connection-lost');

  // An action while disconnected is refused next to its form; nothing is queued.
  const add = page.getByRole('region', { name: 'Add' });
  await add.getByRole('textbox', { name: 'Players (one name or UUID per line)' }).fill('Dinnerbone');
  await add.getByRole('button', { name: 'Add' }).click();
  await add.getByRole('alert').filter({ hasText: 'Not connected: reconnect first (nothing was sent)' }).waitFor();

  // While it is down, another admin edits the lists (the state file the restart reads).
  const state = JSON.parse(await fs.readFile(env.sim.stateFile, 'utf8'));
  assert.deepEqual(state.allowlist.map((p) => p.name), ['jeb_']);
  state.allowlist.push({ id: '61699b2e-d327-4a01-9f1e-0ea8c3f06bc6', name: 'Dinnerbone' });
  await fs.writeFile(env.sim.stateFile, JSON.stringify(state, null, 2));

  await env.sim.restart();
  // Reconnect: press "Retry now" whenever it is offered (the backoff would get there too).
  await until(async () => {
    const retry = page.getByRole('button', { name: 'Retry now' });
    if (await retry.isVisible()) await retry.click({ timeout: 1000 }).catch(() => {});
    return (await page.getByRole('alert').filter({ hasText: /Connection lost|Reconnecting|Some data could not be loaded/ }).count()) === 0 &&
      (await loadingStatus(page).count()) === 0;
  }, 'the reconnect', 15000, 100);

  // Resynced: the allowlist as the state file has it now, the operator kept.
  await rowOf(page, 'Dinnerbone').waitFor();
  await rowOf(page, 'jeb_').waitFor();
  await listRegion(page).getByRole('status').filter({ hasText: 'Entries: 2' }).waitFor();
  await nav(page, 'Operators');
  await rowOf(page, 'Notch').waitFor();
  // Players refreshed: Grumm joined the old process only.
  await nav(page, 'Overview');
  await until(async () => (await onlineNames().count()) === 2, 'two players online', 15000, 100);
  assert.equal(await onlineNames().filter({ hasText: /^Grumm$/ }).count(), 0);
  await env.screenshot('reconnected');

  await nav(page, 'Settings');
  assert.equal(await motd.inputValue(), 'draft, not saved', 'the unsaved edit survived the refetch');

  // And actions work again.
  await nav(page, 'Allowlist');
  const again = page.getByRole('region', { name: 'Add' });
  await again.getByRole('textbox', { name: 'Players (one name or UUID per line)' }).fill('Grumm');
  await again.getByRole('button', { name: 'Add' }).click();
  await again.getByRole('status').filter({ hasText: 'Added 1 of 1.' }).waitFor();
  const check = await rawClient(env.sim);
  assert.deepEqual((await check.call('minecraft:allowlist')).map((p) => p.name).sort(), ['Dinnerbone', 'Grumm', 'jeb_']);
  await check.close();

  // While the server was down each reconnect attempt made Chromium log one failed socket.
  const unexpected = env.errors.filter((e) => !WS_FAILED.test(e));
  assert.deepEqual(unexpected, []);
});
