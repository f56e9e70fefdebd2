// Settings and game rules: representative typed controls (select, number with limits, text,
// toggle), then every one of the 20 settings' Save buttons; a boolean and an integer game
// rule on 3.0.0 (typed values, registry ids) and on 1.1.0 (string values, camelCase keys).
// The initial sync is what fills these pages, so the getters are exercised too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  connectPanel,
  nav,
  newPage,
  openPanel,
  rawClient,
  recordFrames,
  screenshot,
  startConnected,
  startSim,
  until,
} from './harness.mjs';

let env, page, raw;

before(async () => {
  env = await startConnected();
  ({ page, raw } = env);
  await nav(page, 'Settings');
});
after(() => env?.cleanup());

const setting = (label) => page.getByRole('form', { name: label, exact: true });

async function save(label, outcome) {
  const form = setting(label);
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('status').filter({ hasText: outcome }).waitFor();
}

test('settings: the initial sync shows each current value', async () => {
  assert.equal(await page.getByRole('form').count(), 20);
  const motd = await raw.call('minecraft:serversettings/motd');
  assert.equal(await setting('Message of the day').getByRole('textbox').inputValue(), motd);
  const max = await raw.call('minecraft:serversettings/max_players');
  assert.equal(await setting('Max players').getByRole('spinbutton', { name: 'Max players' }).inputValue(), String(max));
  const difficulty = await raw.call('minecraft:serversettings/difficulty');
  assert.equal(await setting('Difficulty').getByRole('combobox', { name: 'Difficulty' }).inputValue(), difficulty);
  await env.screenshot('settings');
  assert.deepEqual(env.errors, []);
});

test('settings: typed controls save and show the returned value', async () => {
  await setting('Difficulty').getByRole('combobox', { name: 'Difficulty' }).selectOption('hard');
  await save('Difficulty', 'Saved: hard');
  await setting('Difficulty').getByText('Current: "hard"').waitFor();
  assert.equal(await raw.call('minecraft:serversettings/difficulty'), 'hard');

  await setting('Default game mode').getByRole('combobox', { name: 'Default game mode' }).selectOption('creative');
  await save('Default game mode', 'Saved: creative');
  assert.equal(await raw.call('minecraft:serversettings/game_mode'), 'creative');

  await setting('Max players').getByRole('spinbutton', { name: 'Max players' }).fill('42');
  await save('Max players', 'Saved: 42');
  assert.equal(await raw.call('minecraft:serversettings/max_players'), 42);

  const view = setting('View distance (chunks)');
  await view.getByRole('spinbutton', { name: 'View distance (chunks)' }).fill('40');
  await view.getByRole('button', { name: 'Save' }).click();
  await view.getByRole('alert').filter({ hasText: 'Enter a whole number from 3 to 32.' }).waitFor();
  assert.notEqual(await raw.call('minecraft:serversettings/view_distance'), 40, 'nothing was sent');
  await view.getByRole('spinbutton', { name: 'View distance (chunks)' }).fill('12');
  await save('View distance (chunks)', 'Saved: 12');
  assert.equal(await raw.call('minecraft:serversettings/view_distance'), 12);

  const motd = 'Welcome to <i>e2e</i> §6gold';
  await setting('Message of the day').getByRole('textbox', { name: 'Message of the day' }).fill(motd);
  await save('Message of the day', `Saved: ${motd}`);
  assert.equal(await raw.call('minecraft:serversettings/motd'), motd);

  const flight = setting('Allow flight').getByRole('checkbox', { name: 'Allow flight' });
  const was = await flight.isChecked();
  await flight.setChecked(!was);
  await save('Allow flight', `Saved: ${!was}`);
  assert.equal(await raw.call('minecraft:serversettings/allow_flight'), !was);
  assert.deepEqual(env.errors, []);
});

test('settings: every one of the 20 Save buttons saves', async () => {
  const forms = page.getByRole('form');
  const n = await forms.count();
  assert.equal(n, 20);
  for (let i = 0; i < n; i++) {
    const form = forms.nth(i);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: /^Saved: / }).waitFor();
  }
  // The values are still the ones set above.
  assert.equal(await raw.call('minecraft:serversettings/max_players'), 42);
  assert.equal(await raw.call('minecraft:serversettings/difficulty'), 'hard');
  assert.deepEqual(env.errors, []);
});

test('game rules (3.0.0): search, a boolean and an integer rule update', async () => {
  await nav(page, 'Game rules');
  const rules = await raw.call('minecraft:gamerules');
  // The initial sync filled the table: one form per rule.
  await page.getByRole('form', { name: 'minecraft:pvp', exact: true }).waitFor();
  assert.equal(await page.getByRole('form').count(), rules.length);
  await env.screenshot('game-rules');

  await page.getByRole('searchbox', { name: 'Search game rules' }).fill('pvp');
  await page.getByRole('form', { name: 'minecraft:random_tick_speed' }).waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('form').count(), 1);
  const pvp = page.getByRole('form', { name: 'minecraft:pvp', exact: true });
  assert.equal(await pvp.getByRole('checkbox', { name: 'minecraft:pvp' }).isChecked(), true);
  await pvp.getByRole('checkbox', { name: 'minecraft:pvp' }).uncheck();
  await pvp.getByRole('button', { name: 'Save' }).click();
  await pvp.getByRole('status').filter({ hasText: 'Saved: false' }).waitFor();
  let now = await raw.call('minecraft:gamerules');
  assert.deepEqual(now.find((r) => r.key === 'minecraft:pvp'), { key: 'minecraft:pvp', type: 'boolean', value: false });

  await page.getByRole('searchbox', { name: 'Search game rules' }).fill('random_tick');
  const tick = page.getByRole('form', { name: 'minecraft:random_tick_speed', exact: true });
  await tick.getByRole('spinbutton', { name: 'minecraft:random_tick_speed' }).fill('7');
  await tick.getByRole('button', { name: 'Save' }).click();
  await tick.getByRole('status').filter({ hasText: 'Saved: 7' }).waitFor();
  now = await raw.call('minecraft:gamerules');
  assert.deepEqual(now.find((r) => r.key === 'minecraft:random_tick_speed'), {
    key: 'minecraft:random_tick_speed',
    type: 'integer',
    value: 7,
  });
  await page.getByRole('searchbox', { name: 'Search game rules' }).fill('no_such_rule');
  await page.getByText('No game rules match.').waitFor();
  assert.deepEqual(env.errors, []);
});

test('game rules (3.0.0): a value outside the limits 1.21.11 set is refused in the form, nothing sent', async () => {
  await nav(page, 'Game rules');
  const search = page.getByRole('searchbox', { name: 'Search game rules' });
  await search.fill('snow');
  const snow = page.getByRole('form', { name: 'minecraft:max_snow_accumulation_height', exact: true });
  const field = snow.getByRole('spinbutton', { name: 'minecraft:max_snow_accumulation_height' });
  assert.equal(await field.getAttribute('max'), '8');
  const before = (await raw.call('minecraft:gamerules')).find((r) => r.key === 'minecraft:max_snow_accumulation_height');
  await field.fill('9');
  await snow.getByRole('button', { name: 'Save' }).click();
  await snow.getByRole('alert').filter({ hasText: 'Enter a whole number from 0 to 8.' }).waitFor();
  const after = (await raw.call('minecraft:gamerules')).find((r) => r.key === 'minecraft:max_snow_accumulation_height');
  assert.deepEqual(after, before, 'nothing was sent');
  // Within the limits it saves; the simulator refuses what the real server refuses.
  await field.fill('8');
  await snow.getByRole('button', { name: 'Save' }).click();
  await snow.getByRole('status').filter({ hasText: 'Saved: 8' }).waitFor();
  const refused = await raw.call('minecraft:gamerules/update', [{ key: 'minecraft:max_snow_accumulation_height', value: 9 }]).catch((e) => e);
  assert.match(String(refused.message ?? refused), /outside of range \[0:8\]/);
  await search.fill('');
  assert.deepEqual(env.errors, []);
});

test("game rules: another client's update shows in an untouched field, never over an edit", async () => {
  await nav(page, 'Game rules');
  const search = page.getByRole('searchbox', { name: 'Search game rules' });
  await search.fill('max_entity_cramming');
  const cramming = page.getByRole('form', { name: 'minecraft:max_entity_cramming', exact: true });
  const field = cramming.getByRole('spinbutton', { name: 'minecraft:max_entity_cramming' });
  // Untouched: the field follows the server (gamerules/updated notification).
  await raw.call('minecraft:gamerules/update', [{ key: 'minecraft:max_entity_cramming', value: 31 }]);
  await until(async () => (await field.inputValue()) === '31', 'the field follows to 31');
  // Edited: the next change from elsewhere leaves what was typed alone.
  await field.fill('5');
  await raw.call('minecraft:gamerules/update', [{ key: 'minecraft:max_entity_cramming', value: 32 }]);
  await until(async () => {
    const rules = await raw.call('minecraft:gamerules');
    return rules.find((r) => r.key === 'minecraft:max_entity_cramming').value === 32;
  }, 'the server holds 32');
  await page.waitForTimeout(300);
  assert.equal(await field.inputValue(), '5', 'the edit is kept');
  // Saving shows what the server kept; from then on it follows again.
  await cramming.getByRole('button', { name: 'Save' }).click();
  await cramming.getByRole('status').filter({ hasText: 'Saved: 5' }).waitFor();
  await raw.call('minecraft:gamerules/update', [{ key: 'minecraft:max_entity_cramming', value: 33 }]);
  await until(async () => (await field.inputValue()) === '33', 'the field follows to 33 after the save');
  await search.fill('');
  assert.deepEqual(env.errors, []);
});

// 1.1.0 (snapshots 25w42a, 25w43a) still has 1.x game rules and is the first to let a
// browser in; 1.0.0 refuses browsers (connect.test.mjs).
test('game rules (1.1.0): camelCase keys and string values', async (t) => {
  const sim = await startSim({ protocol: '1.1.0', origins: [env.web.origin] });
  t.after(() => sim.stop());
  const p = await newPage(env.browser, { errors: env.errors });
  t.after(() => p.context().close());
  p.setDefaultTimeout(10000);
  const sent = recordFrames(p);
  const r = await rawClient(sim);
  t.after(() => r.close());
  await openPanel(p, env.web, sim);
  await connectPanel(p);
  await p.getByText('MSMP 1.1.0').waitFor();
  await nav(p, 'Game rules');

  const cycle = p.getByRole('form', { name: 'doDaylightCycle', exact: true });
  assert.equal(await cycle.getByRole('checkbox', { name: 'doDaylightCycle' }).isChecked(), true);
  await screenshot(p, 'game-rules-1.1.0');
  await cycle.getByRole('checkbox', { name: 'doDaylightCycle' }).uncheck();
  await cycle.getByRole('button', { name: 'Save' }).click();
  await cycle.getByRole('status').filter({ hasText: 'Saved: false' }).waitFor();
  let req = sent.filter((m) => m.method === 'minecraft:gamerules/update').at(-1);
  assert.deepEqual(req.params, [{ key: 'doDaylightCycle', value: 'false' }]);

  const cramming = p.getByRole('form', { name: 'maxEntityCramming', exact: true });
  await cramming.getByRole('spinbutton', { name: 'maxEntityCramming' }).fill('30');
  await cramming.getByRole('button', { name: 'Save' }).click();
  await cramming.getByRole('status').filter({ hasText: 'Saved: 30' }).waitFor();
  req = sent.filter((m) => m.method === 'minecraft:gamerules/update').at(-1);
  assert.deepEqual(req.params, [{ key: 'maxEntityCramming', value: '30' }]);

  const rules = await r.call('minecraft:gamerules');
  const find = (k) => rules.find((x) => x.key === k);
  assert.equal(String(find('doDaylightCycle').value), 'false');
  assert.equal(String(find('maxEntityCramming').value), '30');
  assert.deepEqual(env.errors, []);
});
