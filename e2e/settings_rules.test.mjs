// Settings and game rules, each as one form: the settings (three changes saved with one click,
// a wrong value stopping the save, Discard, all 20 changed at once, the MOTD preview); game
// rules grouped with a search (two saved with one click, limits, live updates never over an
// edit, Discard) on 3.0.0 (typed values, registry ids) and on 1.1.0 (string values, camelCase keys).
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

let env, page, raw, sent;
// What the panel sent from here on (the socket is watched from before it opens).
const recordFromNow = () => {
  const from = sent.length;
  return { get: () => sent.slice(from) };
};

before(async () => {
  env = await startConnected({
    beforeOpen: (e) => {
      sent = recordFrames(e.page);
    },
  });
  ({ page, raw } = env);
  await nav(page, 'Settings');
});
after(() => env?.cleanup());

const setting = (label) => page.getByRole('group', { name: label, exact: true });
const saveAll = (n) => page.getByRole('button', { name: `Save changes (${n})`, exact: true });
const settingCount = () => page.locator('div.page:not([hidden]) div.setting').count();

test('settings: the initial sync shows each current value, as a person writes it', async () => {
  assert.equal(await settingCount(), 20);
  await saveAll(0).waitFor();
  const motd = await raw.call('minecraft:serversettings/motd');
  assert.equal(await setting('Message of the day').getByRole('textbox').inputValue(), motd);
  const max = await raw.call('minecraft:serversettings/max_players');
  assert.equal(await setting('Max players').getByRole('spinbutton', { name: 'Max players' }).inputValue(), String(max));
  const difficulty = await raw.call('minecraft:serversettings/difficulty');
  assert.equal(await setting('Difficulty').getByRole('combobox', { name: 'Difficulty' }).inputValue(), difficulty);
  await setting('Difficulty').getByText(`Current: ${difficulty}`, { exact: true }).waitFor();
  await env.screenshot('settings');
  assert.deepEqual(env.errors, []);
});

test('settings: three changes saved with one click, each showing what the server kept', async () => {
  const frames = recordFromNow();
  await setting('Difficulty').getByRole('combobox', { name: 'Difficulty' }).selectOption('hard');
  await setting('Max players').getByRole('spinbutton', { name: 'Max players' }).fill('42');
  const motd = 'Welcome to <i>e2e</i> §6gold';
  await setting('Message of the day').getByRole('textbox', { name: 'Message of the day' }).fill(motd);
  await saveAll(3).waitFor();
  for (const label of ['Difficulty', 'Max players', 'Message of the day']) {
    await setting(label).getByText('Changed: not saved yet').waitFor();
  }
  const sets = () => frames.get().map((f) => f.method).filter((m) => m.endsWith('/set'));
  assert.deepEqual(sets(), [], 'nothing is sent before Save');
  await saveAll(3).click();
  await setting('Difficulty').getByRole('status').filter({ hasText: 'Saved: hard' }).waitFor();
  await setting('Max players').getByRole('status').filter({ hasText: 'Saved: 42' }).waitFor();
  await setting('Message of the day').getByRole('status').filter({ hasText: `Saved: ${motd}` }).waitFor();
  await saveAll(0).waitFor();
  await setting('Difficulty').getByText('Current: hard', { exact: true }).waitFor();
  assert.deepEqual(
    sets().sort(),
    ['minecraft:serversettings/difficulty/set', 'minecraft:serversettings/max_players/set', 'minecraft:serversettings/motd/set'],
    'one call per changed setting',
  );
  assert.equal(await raw.call('minecraft:serversettings/difficulty'), 'hard');
  assert.equal(await raw.call('minecraft:serversettings/max_players'), 42);
  assert.equal(await raw.call('minecraft:serversettings/motd'), motd);
  assert.deepEqual(env.errors, []);
});

test('settings: a wrong value stops the whole save and says why; Discard goes back', async () => {
  const frames = recordFromNow();
  const view = setting('View distance (chunks)');
  await view.getByRole('spinbutton', { name: 'View distance (chunks)' }).fill('40');
  const flight = setting('Allow flight').getByRole('checkbox', { name: 'Allow flight' });
  const was = await flight.isChecked();
  await flight.setChecked(!was);
  await saveAll(2).click();
  await view.getByRole('alert').filter({ hasText: 'Enter a whole number from 3 to 32.' }).waitFor();
  assert.deepEqual(frames.get().filter((f) => f.method.endsWith('/set')), [], 'nothing was sent, not even the valid change');
  await view.getByRole('spinbutton', { name: 'View distance (chunks)' }).fill('12');
  await saveAll(2).click();
  await view.getByRole('status').filter({ hasText: 'Saved: 12' }).waitFor();
  await setting('Allow flight').getByRole('status').filter({ hasText: `Saved: ${!was}` }).waitFor();
  assert.equal(await raw.call('minecraft:serversettings/view_distance'), 12);
  assert.equal(await raw.call('minecraft:serversettings/allow_flight'), !was);

  const mode = setting('Default game mode').getByRole('combobox', { name: 'Default game mode' });
  const server = await raw.call('minecraft:serversettings/game_mode');
  await mode.selectOption(server === 'creative' ? 'adventure' : 'creative');
  await saveAll(1).waitFor();
  await page.getByRole('button', { name: 'Discard' }).click();
  await saveAll(0).waitFor();
  assert.equal(await mode.inputValue(), server);
  assert.equal(frames.get().filter((f) => f.method.endsWith('game_mode/set')).length, 0);
  assert.deepEqual(env.errors, []);
});

test('settings: all 20 changed and saved at once', async () => {
  const groups = page.locator('div.page:not([hidden]) div.setting');
  for (let i = 0; i < 20; i++) {
    const g = groups.nth(i);
    const box = g.getByRole('checkbox');
    const spin = g.getByRole('spinbutton');
    const select = g.getByRole('combobox');
    if (await box.count()) await box.setChecked(!(await box.isChecked()));
    else if (await spin.count()) {
      const [v, max] = [Number(await spin.inputValue()), Number((await spin.getAttribute('max')) ?? Infinity)];
      await spin.fill(String(v + 1 <= max ? v + 1 : v - 1));
    } else if (await select.count()) {
      const options = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
      const now = await select.inputValue();
      await select.selectOption(options.find((o) => o !== now));
    } else {
      const text = g.getByRole('textbox');
      await text.fill(`${await text.inputValue()}!`);
    }
  }
  await saveAll(20).click();
  for (let i = 0; i < 20; i++) {
    await groups.nth(i).getByRole('status').filter({ hasText: /^(Saved: |The server kept )/ }).waitFor();
  }
  await saveAll(0).waitFor();
  assert.deepEqual(env.errors, []);
});

test('settings: the MOTD preview draws § codes as the game does, and markup as text', async () => {
  const motd = setting('Message of the day');
  const field = motd.getByRole('textbox', { name: 'Message of the day' });
  await field.fill('§cRed §lBold§r plain <b>x</b> ');
  await field.press('End');
  await motd.getByRole('button', { name: 'Gold (§6)' }).click();
  await page.keyboard.type('sun');
  assert.equal(await field.inputValue(), '§cRed §lBold§r plain <b>x</b> §6sun', 'the code went in at the cursor');
  const preview = motd.locator('.motd-preview');
  const style = (text) =>
    preview.locator('span', { hasText: text }).evaluate((el) => {
      const s = getComputedStyle(el);
      return { color: s.color, weight: s.fontWeight };
    });
  assert.deepEqual(await style('Red'), { color: 'rgb(255, 85, 85)', weight: '400' });
  assert.deepEqual(await style('Bold'), { color: 'rgb(255, 85, 85)', weight: '700' });
  assert.deepEqual(await style('plain'), { color: 'rgb(170, 170, 170)', weight: '400' });
  assert.equal((await style('sun')).color, 'rgb(255, 170, 0)');
  assert.equal(await preview.locator('b').count(), 0, 'server text is never HTML');
  assert.match(await preview.innerText(), /plain <b>x<\/b>/);
  await motd.screenshot({ path: 'target/e2e-screenshots/settings-motd-preview.png' });
  await page.getByRole('button', { name: 'Discard' }).click();
  assert.deepEqual(env.errors, []);
});

const rule = (p, key) => p.getByRole('group', { name: key, exact: true });
const saveRules = (p, n) => p.getByRole('button', { name: `Save changes (${n})`, exact: true });

test('game rules (3.0.0): grouped with a search; a boolean and an integer rule saved with one click', async () => {
  await nav(page, 'Game rules');
  const rules = await raw.call('minecraft:gamerules');
  // The initial sync filled the form: every rule, each in its group.
  await rule(page, 'minecraft:pvp').waitFor();
  assert.equal(await page.locator('div.page:not([hidden]) tr[role=group]').count(), rules.length);
  for (const [group, key] of [
    ['Players', 'minecraft:keep_inventory'],
    ['Mobs', 'minecraft:spawn_monsters'],
    ['World', 'minecraft:random_tick_speed'],
    ['Drops', 'minecraft:block_drops'],
    ['Chat and commands', 'minecraft:send_command_feedback'],
  ]) {
    await page.getByRole('region', { name: group, exact: true }).getByRole('group', { name: key, exact: true }).waitFor();
  }
  await env.screenshot('game-rules');

  const frames = recordFromNow();
  const search = page.getByRole('searchbox', { name: 'Search game rules' });
  await search.fill('pvp');
  await rule(page, 'minecraft:random_tick_speed').waitFor({ state: 'hidden' });
  const pvp = rule(page, 'minecraft:pvp');
  assert.equal(await pvp.getByRole('checkbox', { name: 'minecraft:pvp' }).isChecked(), true);
  await pvp.getByRole('checkbox', { name: 'minecraft:pvp' }).uncheck();
  // A search keeps what was typed in rules it hides.
  await search.fill('random_tick');
  const tick = rule(page, 'minecraft:random_tick_speed');
  await tick.getByRole('spinbutton', { name: 'minecraft:random_tick_speed' }).fill('7');
  await tick.getByText('Changed: not saved yet').waitFor();
  assert.deepEqual(frames.get().filter((f) => f.method.endsWith('gamerules/update')), [], 'nothing sent before Save');
  await saveRules(page, 2).click();
  await tick.getByRole('status').filter({ hasText: 'Saved: 7' }).waitFor();
  await search.fill('pvp');
  await pvp.getByRole('status').filter({ hasText: 'Saved: false' }).waitFor();
  await saveRules(page, 0).waitFor();
  const now = await raw.call('minecraft:gamerules');
  assert.deepEqual(now.find((r) => r.key === 'minecraft:pvp'), { key: 'minecraft:pvp', type: 'boolean', value: false });
  assert.deepEqual(now.find((r) => r.key === 'minecraft:random_tick_speed'), { key: 'minecraft:random_tick_speed', type: 'integer', value: 7 });
  assert.equal(frames.get().filter((f) => f.method.endsWith('gamerules/update')).length, 2, 'one call per changed rule');
  await search.fill('no_such_rule');
  await page.getByText('No game rules match.').waitFor();
  await search.fill('');
  assert.deepEqual(env.errors, []);
});

test('game rules (3.0.0): a value outside the limits 1.21.11 set is refused in the form, nothing sent', async () => {
  await nav(page, 'Game rules');
  const snow = rule(page, 'minecraft:max_snow_accumulation_height');
  const field = snow.getByRole('spinbutton', { name: 'minecraft:max_snow_accumulation_height' });
  assert.equal(await field.getAttribute('max'), '8');
  const before = (await raw.call('minecraft:gamerules')).find((r) => r.key === 'minecraft:max_snow_accumulation_height');
  await field.fill('9');
  await saveRules(page, 1).click();
  await snow.getByRole('alert').filter({ hasText: 'Enter a whole number from 0 to 8.' }).waitFor();
  const after = (await raw.call('minecraft:gamerules')).find((r) => r.key === 'minecraft:max_snow_accumulation_height');
  assert.deepEqual(after, before, 'nothing was sent');
  // Within the limits it saves; the simulator refuses what the real server refuses.
  await field.fill('8');
  await saveRules(page, 1).click();
  await snow.getByRole('status').filter({ hasText: 'Saved: 8' }).waitFor();
  const refused = await raw.call('minecraft:gamerules/update', [{ key: 'minecraft:max_snow_accumulation_height', value: 9 }]).catch((e) => e);
  assert.match(String(refused.message ?? refused), /outside of range \[0:8\]/);
  assert.deepEqual(env.errors, []);
});

test("game rules: another client's update shows in an untouched field, never over an edit; Discard goes back", async () => {
  await nav(page, 'Game rules');
  const cramming = rule(page, 'minecraft:max_entity_cramming');
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
  // Discard goes back to the server's value.
  await page.getByRole('button', { name: 'Discard' }).click();
  assert.equal(await field.inputValue(), '32');
  // Saving shows what the server kept; from then on it follows again.
  await field.fill('5');
  await saveRules(page, 1).click();
  await cramming.getByRole('status').filter({ hasText: 'Saved: 5' }).waitFor();
  await raw.call('minecraft:gamerules/update', [{ key: 'minecraft:max_entity_cramming', value: 33 }]);
  await until(async () => (await field.inputValue()) === '33', 'the field follows to 33 after the save');
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

  const cycle = rule(p, 'doDaylightCycle');
  assert.equal(await cycle.getByRole('checkbox', { name: 'doDaylightCycle' }).isChecked(), true);
  await screenshot(p, 'game-rules-1.1.0');
  await cycle.getByRole('checkbox', { name: 'doDaylightCycle' }).uncheck();
  await saveRules(p, 1).click();
  await cycle.getByRole('status').filter({ hasText: 'Saved: false' }).waitFor();
  let req = sent.filter((m) => m.method === 'minecraft:gamerules/update').at(-1);
  assert.deepEqual(req.params, [{ key: 'doDaylightCycle', value: 'false' }]);

  const cramming = rule(p, 'maxEntityCramming');
  await cramming.getByRole('spinbutton', { name: 'maxEntityCramming' }).fill('30');
  await saveRules(p, 1).click();
  await cramming.getByRole('status').filter({ hasText: 'Saved: 30' }).waitFor();
  req = sent.filter((m) => m.method === 'minecraft:gamerules/update').at(-1);
  assert.deepEqual(req.params, [{ key: 'maxEntityCramming', value: '30' }]);

  const rules = await r.call('minecraft:gamerules');
  const find = (k) => rules.find((x) => x.key === k);
  assert.equal(String(find('doDaylightCycle').value), 'false');
  assert.equal(String(find('maxEntityCramming').value), '30');
  assert.deepEqual(env.errors, []);
});
