// Protocol 3.1.0: the Events log (unknown/custom notifications, filter, kind, pause, JSON
// export), world upgrade progress on Overview, and the API explorer calling a `sim:` method
// and `minecraft:` methods from forms generated from their schemas, showing the raw result
// (and a server error next to the form). Calls that cannot be undone (server/stop, */clear,
// */set) say what they will do and are sent only once confirmed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { nav, recordFrames, startConnected } from './harness.mjs';

let env, page, raw, sent;

const eventRow = (text) => page.getByRole('row').filter({ hasText: text });

before(async () => {
  env = await startConnected({
    sim: { players: 1, protocol: '3.1.0' },
    beforeOpen: (e) => {
      sent = recordFrames(e.page);
    },
  });
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

const sentCount = (method) => sent.filter((f) => f.method === method).length;

// Checks the question in `form`'s confirmation, and answers it with Yes.
async function confirmCall(form, question) {
  const dialog = form.getByRole('alertdialog', { name: 'Confirm the call' });
  await dialog.getByText(question, { exact: true }).waitFor();
  await dialog.getByRole('button', { name: 'Yes, call it' }).click();
  await dialog.waitFor({ state: 'detached' });
}

// Calls the method on screen (in `form`) and cancels its confirmation: nothing may be sent.
async function callAndCancel(form, method, question) {
  const before = sentCount(method);
  await form.getByRole('button', { name: 'Call' }).click();
  const dialog = form.getByRole('alertdialog', { name: 'Confirm the call' });
  await dialog.getByText(question, { exact: true }).waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(sentCount(method), before, `cancel sent no ${method}`);
}

test('API explorer: allowlist/set, allowlist/clear and server/stop say what they do; cancel sends nothing', async () => {
  await nav(page, 'API explorer');
  const method = page.getByRole('combobox', { name: 'Method' });
  await page.getByRole('searchbox', { name: 'Filter methods' }).fill('allowlist/');
  await method.selectOption('minecraft:allowlist/set');
  const set = page.getByRole('region', { name: 'minecraft:allowlist/set' });
  await set.getByRole('textbox', { name: 'Parameter (JSON)' }).fill('[{"name": "jeb_"}, {"name": "Notch"}]');
  const question = 'Call minecraft:allowlist/set: this replaces the whole allowlist with the 2 entries given.';
  await callAndCancel(set, 'minecraft:allowlist/set', question);
  assert.deepEqual(await raw.call('minecraft:allowlist'), [], 'cancel changed nothing');
  await set.getByRole('button', { name: 'Call' }).click();
  await env.screenshot('confirm-explorer-set');
  await confirmCall(set, question);
  await set.getByLabel('Result', { exact: true }).waitFor();
  assert.deepEqual((await raw.call('minecraft:allowlist')).map((p) => p.name).sort(), ['Notch', 'jeb_']);
  assert.equal(sentCount('minecraft:allowlist/set'), 1);

  await method.selectOption('minecraft:allowlist/clear');
  const clear = page.getByRole('region', { name: 'minecraft:allowlist/clear' });
  const clearing = 'Call minecraft:allowlist/clear: this removes every entry from the allowlist.';
  await callAndCancel(clear, 'minecraft:allowlist/clear', clearing);
  assert.equal((await raw.call('minecraft:allowlist')).length, 2, 'cancel cleared nothing');
  await clear.getByRole('button', { name: 'Call' }).click();
  await confirmCall(clear, clearing);
  await clear.getByLabel('Result', { exact: true }).waitFor();
  assert.deepEqual(await raw.call('minecraft:allowlist'), []);

  await page.getByRole('searchbox', { name: 'Filter methods' }).fill('server/stop');
  await method.selectOption('minecraft:server/stop');
  const stop = page.getByRole('region', { name: 'minecraft:server/stop' });
  await callAndCancel(stop, 'minecraft:server/stop', 'Call minecraft:server/stop: this stops the server.');
  // A later call answered by the server: a stop sent before it would have been recorded.
  await page.getByRole('searchbox', { name: 'Filter methods' }).fill('');
  await method.selectOption('minecraft:server/status');
  const status = page.getByRole('region', { name: 'minecraft:server/status' });
  await status.getByRole('button', { name: 'Call' }).click();
  await status.getByLabel('Result', { exact: true }).waitFor();
  assert.equal(sentCount('minecraft:server/stop'), 0);
  assert.equal(sentCount('minecraft:allowlist/clear'), 1);
  assert.equal((await raw.call('minecraft:server/status')).started, true, 'still running');
  assert.equal(env.sim.proc.exitCode, null);
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

  // minecraft: with an integer parameter: a number field; a */set is confirmed first.
  await method.selectOption('minecraft:serversettings/view_distance/set');
  const set = page.getByRole('region', { name: 'minecraft:serversettings/view_distance/set' });
  await set.getByRole('spinbutton', { name: 'Parameter: distance' }).fill('9');
  await set.getByRole('button', { name: 'Call' }).click();
  await confirmCall(set, 'Call minecraft:serversettings/view_distance/set: this changes "View distance (chunks)" to 9.');
  await set.getByLabel('Result', { exact: true }).filter({ hasText: /^9$/ }).waitFor();
  assert.equal(await raw.call('minecraft:serversettings/view_distance'), 9);

  // minecraft: without a parameter (and nothing to confirm).
  await page.getByRole('searchbox', { name: 'Filter methods' }).fill('server/status');
  await method.selectOption('minecraft:server/status');
  const status = page.getByRole('region', { name: 'minecraft:server/status' });
  await status.getByText('This method takes no parameter.').waitFor();
  await status.getByRole('button', { name: 'Call' }).click();
  assert.equal(await status.getByRole('alertdialog').count(), 0, 'a read is not confirmed');
  const shown = JSON.parse(await status.getByLabel('Result', { exact: true }).textContent());
  assert.equal(shown.started, true);
  assert.equal(shown.version.name, (await raw.call('minecraft:server/status')).version.name);
  assert.ok(shown.players.some((p) => p.name === 'Dinnerbone'));
  assert.deepEqual(env.errors, []);
});
