// Live state: another client's list changes and simulator joins/leaves show up without a
// reload; server-provided strings (a player named like markup) render as text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { currentPage, listRegion, nav, rowOf, startConnected } from './harness.mjs';

const XSS = '<img src=x onerror=alert(1)>';
let env, page, raw;

before(async () => {
  env = await startConnected({ sim: { players: 1 } });
  ({ page, raw } = env);
  // Survives only if the page is never reloaded.
  await page.evaluate(() => (window.__e2eNoReload = true));
});
after(async () => {
  assert.equal(await page?.evaluate(() => window.__e2eNoReload), true, 'the page was never reloaded');
  await env?.cleanup();
});

test("another client's allowlist and operator changes appear live", async () => {
  await nav(page, 'Allowlist');
  await listRegion(page).getByText('The list is empty.').waitFor();
  await raw.call('minecraft:allowlist/add', [[{ name: 'jeb_' }, { name: 'Notch' }]]);
  await rowOf(page, 'jeb_').waitFor();
  await rowOf(page, 'Notch').waitFor();
  await listRegion(page).getByRole('status').filter({ hasText: 'Entries: 2' }).waitFor();
  await raw.call('minecraft:allowlist/remove', [[{ name: 'Notch' }]]);
  await rowOf(page, 'Notch').waitFor({ state: 'detached' });
  await listRegion(page).getByRole('status').filter({ hasText: 'Entries: 1' }).waitFor();

  await nav(page, 'Operators');
  await raw.call('minecraft:operators/add', [[{ player: { name: 'Dinnerbone' }, permissionLevel: 3, bypassesPlayerLimit: false }]]);
  await rowOf(page, 'Dinnerbone').getByRole('cell', { name: '3', exact: true }).waitFor();
  await raw.call('minecraft:operators/remove', [[{ name: 'Dinnerbone' }]]);
  await rowOf(page, 'Dinnerbone').waitFor({ state: 'detached' });
  await listRegion(page).getByText('The list is empty.').waitFor();

  await nav(page, 'Bans');
  await raw.call('minecraft:bans/add', [[{ player: { name: 'Grumm' }, reason: 'from the console' }]]);
  await rowOf(page, 'Grumm').getByRole('cell', { name: 'from the console' }).waitFor();
  assert.deepEqual(env.errors, []);
});

test('simulator joins and leaves appear live on Players and Overview', async () => {
  await nav(page, 'Overview');
  const online = page.getByRole('list', { name: 'Players online' });
  const heading = page.getByRole('heading', { name: /^Players online \d+$/ });
  await heading.filter({ hasText: /1$/ }).waitFor();
  await raw.call('sim:players/join', { player: { name: 'Dinnerbone' } });
  await online.getByRole('listitem').filter({ hasText: /^Dinnerbone$/ }).waitFor();
  await heading.filter({ hasText: /2$/ }).waitFor();

  await nav(page, 'Players');
  const table = page.getByRole('region', { name: 'Players online' });
  await table.getByRole('checkbox', { name: 'Select Dinnerbone' }).waitFor();
  await raw.call('sim:players/join', { player: { name: 'Notch' } });
  await table.getByRole('checkbox', { name: 'Select Notch' }).waitFor();
  // Seen arriving: online since a time of day, where those online at connect say so.
  const notch = table.getByRole('row').filter({ has: page.getByRole('checkbox', { name: 'Select Notch' }) });
  await notch.getByRole('cell', { name: /^\d{1,2}:\d{2}:\d{2} [AP]M$/ }).waitFor();
  await raw.call('sim:players/leave', { player: { name: 'Dinnerbone' } });
  await table.getByRole('checkbox', { name: 'Select Dinnerbone' }).waitFor({ state: 'detached' });

  await nav(page, 'Overview');
  await online.getByRole('listitem').filter({ hasText: /^Notch$/ }).waitFor();
  assert.equal(await online.getByRole('listitem').filter({ hasText: /^Dinnerbone$/ }).count(), 0);
  await heading.filter({ hasText: /2$/ }).waitFor();
  // The joins and leave are in the recent events too.
  await page.getByRole('region', { name: 'Recent events' }).getByRole('row').filter({ hasText: 'players/left' }).first().waitFor();
  assert.deepEqual(env.errors, []);
});

test('the players-online chart draws a point at each join and leave', async () => {
  await nav(page, 'Overview');
  const chart = page.getByRole('region', { name: 'Players online over time' });
  const points = chart.locator('svg.chart circle.point');
  await points.first().waitFor();
  const online = (await raw.call('minecraft:players')).length;
  await raw.call('sim:players/join', { player: { name: 'Jeb_' } });
  await chart.getByText(new RegExp(`: now ${online + 1}, at most \\d+\\.$`)).waitFor();
  await raw.call('sim:players/leave', { player: { name: 'Jeb_' } });
  await chart.getByText(new RegExp(`: now ${online}, at most \\d+\\.$`)).waitFor();
  const titles = await points.locator('title').allTextContents();
  // The earlier joins and leave of this file, this join and this leave: one point each.
  assert.ok(titles.length >= 4, `points: ${titles.join(' | ')}`);
  assert.match(titles.at(-2), new RegExp(`: ${online + 1} online$`));
  assert.match(titles.at(-1), new RegExp(`: ${online} online$`));
  await env.screenshot('overview-chart');
  assert.deepEqual(env.errors, []);
});

test('a player named like markup renders as text everywhere', async () => {
  // Real names are at most 16 characters, so the simulator will not let this one join
  // through sim:players/join; the joined notification is sent as the server would.
  const refused = await raw.call('sim:players/join', { player: { name: XSS } }).catch((e) => e);
  assert.ok(refused instanceof Error, 'sim:players/join refuses a 28-character name');
  await raw.call('sim:notify', {
    notification: {
      method: 'minecraft:notification/players/joined',
      params: { id: '0f0f0f0f-1111-4222-8333-444455556666', name: XSS },
    },
  });
  await raw.call('minecraft:bans/add', [[{ player: { name: 'Notch' }, reason: XSS }]]);

  await nav(page, 'Overview');
  await page.getByRole('list', { name: 'Players online' }).getByRole('listitem').filter({ hasText: XSS }).waitFor();
  await nav(page, 'Players');
  await page.getByRole('checkbox', { name: `Select ${XSS}` }).waitFor();
  await currentPage(page).getByText(XSS, { exact: true }).waitFor();
  await env.screenshot('players-markup-name');
  await nav(page, 'Bans');
  await rowOf(page, 'Notch').getByRole('cell', { name: XSS }).waitFor();
  await nav(page, 'Server');
  await page.getByRole('radio', { name: 'Chosen online players' }).check();
  await page.getByRole('checkbox', { name: `Select ${XSS}` }).waitFor();
  await nav(page, 'IP bans');
  await page.getByRole('combobox', { name: 'Or ban the address of an online player' }).getByRole('option', { name: XSS }).waitFor({ state: 'attached' });
  await nav(page, 'Events');
  await page.getByRole('row').filter({ hasText: XSS }).first().waitFor();

  assert.equal(await page.locator('img').count(), 0, 'no <img> element anywhere');
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
  assert.deepEqual(env.errors, [], 'no dialog, no page error');
});

test('every control on every page has an accessible name', async () => {
  const cdp = await page.context().newCDPSession(page);
  const INTERACTIVE = new Set(['button', 'textbox', 'searchbox', 'checkbox', 'radio', 'combobox', 'spinbutton',
    'listbox', 'slider', 'switch', 'link', 'DisclosureTriangle', 'menuitem', 'tab']);
  const unnamed = [];
  const seen = new Set();
  const audit = async (where) => {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    for (const n of nodes) {
      const role = n.role?.value;
      if (n.ignored || !INTERACTIVE.has(role)) continue;
      seen.add(role);
      if (!String(n.name?.value ?? '').trim()) unnamed.push(`${where}: ${role} #${n.backendDOMNodeId}`);
    }
  };
  const pages = ['Overview', 'Players', 'Allowlist', 'Bans', 'IP bans', 'Operators', 'Server', 'Settings',
    'Game rules', 'Events', 'API explorer'];
  for (const name of pages) {
    await nav(page, name);
    await page.getByRole('heading', { name, level: 2 }).waitFor();
    if (['Allowlist', 'Bans', 'IP bans', 'Operators'].includes(name)) {
      await page.getByRole('heading', { name: 'Replace the whole list' }).click();
      await page.getByRole('button', { name: 'Review changes' }).click();
      await page.getByRole('button', { name: 'Clear list…' }).click();
      await page.getByRole('button', { name: 'Yes, clear it' }).waitFor();
    }
    if (name === 'Server') await page.getByRole('radio', { name: 'Translation key' }).check();
    if (name === 'API explorer') {
      for (const m of ['sim:players/join', 'minecraft:server/save', 'minecraft:serversettings/difficulty/set',
        'minecraft:serversettings/motd/set', 'minecraft:serversettings/max_players/set']) {
        await page.getByRole('combobox', { name: 'Method' }).selectOption(m);
        await page.getByRole('region', { name: m }).waitFor();
        await audit(`${name} ${m}`);
      }
    }
    await audit(name);
  }
  await cdp.detach();
  for (const role of ['button', 'textbox', 'searchbox', 'checkbox', 'radio', 'combobox', 'spinbutton']) {
    assert.ok(seen.has(role), `the audit saw ${role} controls`);
  }
  assert.deepEqual(unnamed, []);
});
