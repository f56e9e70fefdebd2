// Protocol 3.1.0: the Events log (unknown/custom notifications, filter, kind, pause, JSON
// export), world upgrade progress on Overview, and the API explorer calling a `sim:` method
// and `minecraft:` methods from forms generated from their schemas, showing the raw result
// (and a server error next to the form).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { nav, startConnected } from './harness.mjs';

let env, page, raw;

const eventRow = (text) => page.getByRole('row').filter({ hasText: text });

before(async () => {
  env = await startConnected({ sim: { players: 1, protocol: '3.1.0' } });
  ({ page, raw } = env);
  await page.getByText('MSMP 3.1.0').waitFor();
});
after(() => env?.cleanup());

const notify = (method, params) =>
  raw.call('sim:notify', { notification: params === undefined ? { method } : { method, params } });

test('world upgrade progress shows on Overview (3.1.0), then finished; a failure says why', async () => {
  await nav(page, 'Overview');
  assert.equal(await raw.call('sim:world/upgrade', { upgrade: { steps: 2 } }), true);
  const region = page.getByRole('region', { name: 'World upgrade' });
  await region.getByText(/^Upgrading the world( \d+%)?$/).waitFor();
  await region.getByRole('progressbar', { name: 'Upgrading the world' }).waitFor();
  await region.getByText('Upgrading the world 50%').waitFor();
  assert.equal(await region.getByRole('progressbar').getAttribute('value'), '50');
  await env.screenshot('overview-world-upgrade');
  await region.getByRole('status').filter({ hasText: 'World upgrade finished' }).waitFor();

  await raw.call('sim:world/upgrade', { upgrade: { steps: 1, failReason: 'disk full' } });
  await region.getByRole('alert').filter({ hasText: 'World upgrade failed: disk full' }).waitFor();
  assert.deepEqual(env.errors, []);
});

test('events: custom notifications are shown; filter, kind, pause and export work', async () => {
  await nav(page, 'Events');
  await notify('acme:chat_message', { from: 'Steve', text: 'hello from a mod' });
  await notify('minecraft:notification/some/future_thing', { x: 1 });
  const chat = eventRow('acme:chat_message');
  await chat.waitFor();
  await chat.getByText(/hello from a mod/).waitFor();
  await eventRow('minecraft:notification/some/future_thing').waitFor();
  // A known notification is in the log too (the upgrade of the test above).
  await eventRow('minecraft:notification/world/upgrade_finished').waitFor();
  await env.screenshot('events');

  const kind = page.getByRole('combobox', { name: 'Kind' });
  await kind.selectOption({ label: 'Unknown / custom' });
  await chat.waitFor();
  await eventRow('world/upgrade_finished').waitFor({ state: 'detached' });
  await kind.selectOption({ label: 'Notifications' });
  await chat.waitFor({ state: 'detached' });
  await eventRow('world/upgrade_finished').waitFor();
  await kind.selectOption({ label: 'All' });

  const filter = page.getByRole('searchbox', { name: 'Filter events' });
  await filter.fill('hello from');
  await chat.waitFor();
  await eventRow('world/upgrade_finished').waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('row').count(), 2, 'header and the one match');
  await filter.fill('');

  // Pause: new events are collected but not shown until resumed.
  const pause = page.getByRole('checkbox', { name: 'Pause' });
  await pause.check();
  await page.getByRole('status').filter({ hasText: 'Paused: new events are collected but not shown' }).waitFor();
  await notify('acme:while_paused', 'quiet');
  await notify('e2e:marker_after_pause');
  await raw.waitForNotification('e2e:marker_after_pause');
  // Give the page the same chance the raw client had, then check the view is frozen.
  await page.waitForTimeout(300);
  assert.equal(await eventRow('acme:while_paused').count(), 0, 'not shown while paused');
  await pause.uncheck();
  await eventRow('acme:while_paused').waitFor();
  await eventRow('e2e:marker_after_pause').waitFor();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'msmp-events.json');
  const exported = JSON.parse(await fs.readFile(await download.path(), 'utf8'));
  const mod = exported.find((e) => e.method === 'acme:chat_message');
  assert.ok(mod, 'the custom notification is exported');
  assert.equal(mod.kind, 'unknown');
  assert.deepEqual(mod.params, [{ from: 'Steve', text: 'hello from a mod' }]);
  assert.ok(exported.some((e) => e.method === 'minecraft:notification/world/upgrade_progress' && e.kind === 'notification'));
  assert.deepEqual(env.errors, []);
});

test('API explorer: a sim: method and minecraft: methods from generated forms, raw results', async () => {
  await nav(page, 'API explorer');
  const method = page.getByRole('combobox', { name: 'Method' });
  // Custom namespaces are listed with the real methods.
  await method.getByRole('option', { name: 'sim:players/join' }).waitFor({ state: 'attached' });
  await method.getByRole('option', { name: 'minecraft:notification/world/upgrade_progress' }).waitFor({ state: 'attached' });

  await method.selectOption('sim:players/join');
  const form = page.getByRole('region', { name: 'sim:players/join' });
  await form.getByText('Simulator: a player joins').waitFor();
  const json = form.getByRole('textbox', { name: 'Parameter (JSON)' });
  await json.fill('{"name": "Dinnerbone"}');
  await form.getByRole('button', { name: 'Call' }).click();
  const result = form.getByLabel('Result', { exact: true });
  await result.waitFor();
  const joined = JSON.parse(await result.textContent());
  assert.deepEqual(joined, { id: '61699b2e-d327-4a01-9f1e-0ea8c3f06bc6', name: 'Dinnerbone' });
  assert.ok((await raw.call('minecraft:players')).some((p) => p.name === 'Dinnerbone'));
  await env.screenshot('api-explorer');

  // A server error appears next to the form: code, message and data.
  await json.fill('{"name": "far_too_long_for_a_player_name"}');
  await form.getByRole('button', { name: 'Call' }).click();
  const error = form.getByRole('alert');
  await error.getByText(/^Error -32\d\d\d$/).waitFor();
  await error.getByText(/Not a valid player name/).waitFor();
  await form.getByRole('textbox', { name: 'Parameter (JSON)' }).fill('{not json');
  await form.getByRole('button', { name: 'Call' }).click();
  await form.getByRole('alert').filter({ hasText: 'The parameter is not valid JSON' }).waitFor();

  // minecraft: with an integer parameter: a number field.
  await method.selectOption('minecraft:serversettings/view_distance/set');
  const set = page.getByRole('region', { name: 'minecraft:serversettings/view_distance/set' });
  await set.getByRole('spinbutton', { name: 'Parameter: distance' }).fill('9');
  await set.getByRole('button', { name: 'Call' }).click();
  await set.getByLabel('Result', { exact: true }).filter({ hasText: /^9$/ }).waitFor();
  assert.equal(await raw.call('minecraft:serversettings/view_distance'), 9);

  // minecraft: without a parameter.
  await page.getByRole('searchbox', { name: 'Filter methods' }).fill('server/status');
  await method.selectOption('minecraft:server/status');
  const status = page.getByRole('region', { name: 'minecraft:server/status' });
  await status.getByText('This method takes no parameter.').waitFor();
  await status.getByRole('button', { name: 'Call' }).click();
  const shown = JSON.parse(await status.getByLabel('Result', { exact: true }).textContent());
  assert.equal(shown.started, true);
  assert.equal(shown.version.name, (await raw.call('minecraft:server/status')).version.name);
  assert.ok(shown.players.some((p) => p.name === 'Dinnerbone'));
  assert.deepEqual(env.errors, []);
});
