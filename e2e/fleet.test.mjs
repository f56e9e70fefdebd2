// Several servers in one tab (issue 11): a link naming five simulators opens them all, the
// "Servers" table shows each one's state, versions and players, sorts and filters; a server
// killed and restarted changes only its own row; a name opens that server's pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import {
  currentPage,
  launchBrowser,
  nav,
  newPage,
  rawClient,
  sections,
  serveDist,
  startSim,
  until,
} from './harness.mjs';

const NAMES = ['Lobby', 'Survival', 'Creative', 'Minigames', 'Build'];
let web, sims, browser, page;
const errors = [];

before(async () => {
  web = await serveDist();
  const origins = [web.origin];
  sims = await Promise.all(NAMES.map((_, i) => startSim({ origins, players: i + 1 })));
  browser = await launchBrowser();
  page = await newPage(browser, { errors });
  page.setDefaultTimeout(10000);
});
after(async () => {
  await browser?.close();
  await Promise.all((sims ?? []).map((s) => s.stop()));
  await web?.close();
});

const table = () => page.getByRole('table', { name: 'Servers', exact: true });
const row = (name) => table().getByRole('row').filter({ has: page.getByRole('button', { name, exact: true }) });
const cells = async (name) => row(name).getByRole('cell').allInnerTexts();
const names = async () => table().locator('tbody tr td:first-child').allInnerTexts();

test('a link with five servers opens all of them in the Servers table', async () => {
  const fragment = sims
    .map((s, i) => `server=${encodeURIComponent(s.url)}&secret=${s.secret}&name=${NAMES[i]}`)
    .join('&');
  await page.goto(`${web.origin}/#${fragment}`);
  await page.getByRole('status').filter({ hasText: '5 of 5 servers connected · 15 players online' }).waitFor();
  assert.ok(!page.url().includes('#'), `the secrets left the address bar: ${page.url()}`);
  assert.deepEqual(await names(), NAMES.slice().sort());
  const survival = await cells('Survival');
  await page.screenshot({ path: 'target/e2e-screenshots/fleet-five.png' });
  assert.equal(survival[1], sims[1].url);
  assert.equal(survival[2], 'connected');
  assert.match(survival[3], /\d/, 'Minecraft version');
  assert.match(survival[4], /^\d+\.\d+\.\d+$/, 'MSMP version');
  assert.match(survival[5], /^2 \/ \d+$/, 'players online / max');
  await page.screenshot({ path: 'target/e2e-screenshots/fleet-five.png' });
  assert.deepEqual(errors, []);
});

test('sorting by players and filtering by name', async () => {
  const players = table().getByRole('button', { name: 'Players', exact: true });
  await players.click();
  assert.deepEqual(await names(), NAMES);
  assert.equal(await table().getByRole('columnheader', { name: 'Players' }).getAttribute('aria-sort'), 'ascending');
  await players.click();
  assert.deepEqual(await names(), NAMES.slice().reverse());
  await page.getByRole('searchbox', { name: 'Filter servers' }).fill('crea');
  await until(async () => (await names()).join() === 'Creative', 'filtered to Creative');
  // Totals stay those of the whole tab.
  await page.getByRole('status').filter({ hasText: '5 of 5 servers connected' }).waitFor();
  await page.getByRole('searchbox', { name: 'Filter servers' }).fill('');
  await until(async () => (await names()).length === 5, 'all rows back');
});

test('a server killed and restarted changes only its own row', async () => {
  const minigames = sims[3];
  await minigames.kill();
  await until(async () => /^lost/.test((await cells('Minigames'))[2]), 'Minigames lost');
  for (const name of ['Lobby', 'Survival', 'Creative', 'Build']) {
    assert.equal((await cells(name))[2], 'connected', `${name} stays connected`);
  }
  await page.getByRole('status').filter({ hasText: '4 of 5 servers connected · 11 players online' }).waitFor();
  await page.screenshot({ path: 'target/e2e-screenshots/fleet-one-lost.png' });
  await minigames.restart();
  await until(async () => (await cells('Minigames'))[2] === 'connected', 'Minigames back', 20000);
  await page.getByRole('status').filter({ hasText: '5 of 5 servers connected · 15 players online' }).waitFor();
});

test("a server's name opens its pages; the others stay connected", async () => {
  await row('Creative').getByRole('button', { name: 'Creative' }).click();
  const online = currentPage(page).getByRole('heading', { name: /^Players online \d+$/ });
  await until(async () => /3$/.test(await online.innerText()), 'Creative has 3 players online');
  await nav(page, 'Servers');
  await row('Lobby').getByRole('button', { name: 'Lobby' }).click();
  await until(async () => /1$/.test(await online.innerText()), 'Lobby has 1 player online');
  await nav(page, 'Servers');
  await page.getByRole('status').filter({ hasText: '5 of 5 servers connected' }).waitFor();
  assert.ok(await sections(page).isVisible());
  const unexpected = errors.filter((e) => !/ERR_CONNECTION_REFUSED|WebSocket/.test(e));
  assert.deepEqual(unexpected, []);
});

test('a bulk ban on three servers, one of which refuses, says per server what happened', async () => {
  const [lobby, survival, creative] = await Promise.all(sims.slice(0, 3).map((s) => rawClient(s)));
  try {
    for (const raw of [lobby, survival, creative]) {
      await raw.call('sim:profiles/add', [[{ name: 'Griefer' }]]);
    }
    await creative.call('sim:server/set_started', [false]);
    await nav(page, 'Bulk actions');
    const form = page.getByRole('form', { name: 'Bulk actions' });
    await form.getByRole('button', { name: 'None', exact: true }).click();
    for (const name of ['Lobby', 'Survival', 'Creative']) {
      await form.getByRole('checkbox', { name, exact: true }).check();
    }
    await form.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Ban players' });
    await form.getByRole('textbox', { name: /^Players/ }).fill('Griefer\nNoSuchPlayer1');
    await form.getByRole('textbox', { name: 'Reason (optional)' }).fill('griefing');
    await form.getByRole('textbox', { name: /^Source/ }).fill('Moderator');
    await form.getByRole('button', { name: 'Run on 3 servers' }).click();
    const results = page.getByRole('table', { name: 'Results' });
    const outcome = (name) => results.getByRole('row').filter({ hasText: name }).getByRole('cell').nth(1);
    await until(async () => (await outcome('Creative').innerText()).startsWith('refused:'), 'Creative refused');
    assert.equal(await outcome('Lobby').innerText(), 'done, except: NoSuchPlayer1');
    assert.equal(await outcome('Survival').innerText(), 'done, except: NoSuchPlayer1');
    assert.equal(await results.getByRole('row').count(), 4, 'a header and one row per chosen server');
    await page.screenshot({ path: 'target/e2e-screenshots/fleet-bulk-ban.png' });
    // Each server's call is an entry of the audit log, under the server's name.
    await nav(page, 'Audit log');
    const audit = page.getByRole('region', { name: 'Actions taken from this panel' });
    for (const name of ['Lobby', 'Survival']) {
      await audit.getByRole('row').filter({ hasText: name }).filter({ hasText: 'minecraft:bans/add' }).first().waitFor();
    }
    await nav(page, 'Bulk actions');
    const bans = await lobby.call('minecraft:bans');
    assert.deepEqual(bans.map((b) => [b.player.name, b.reason, b.source]), [['Griefer', 'griefing', 'Moderator']]);
    await creative.call('sim:server/set_started', [true]);
    assert.deepEqual(await creative.call('minecraft:bans'), [], 'the refusing server banned nobody');
    const other = await rawClient(sims[4]);
    assert.deepEqual(await other.call('minecraft:bans'), [], 'a server not chosen is untouched');
    await other.close();

    // A removal asks first, naming what and where.
    await form.getByRole('button', { name: 'None', exact: true }).click();
    await form.getByRole('checkbox', { name: 'Lobby', exact: true }).check();
    await form.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Unban players' });
    await form.getByRole('textbox', { name: /^Players/ }).fill('Griefer');
    await form.getByRole('button', { name: 'Run on 1 servers' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Confirm the bulk action' });
    await dialog.getByText('Unban players: 1 entries, on these servers: Lobby?').waitFor();
    assert.equal((await lobby.call('minecraft:bans')).length, 1, 'nothing sent before yes');
    await dialog.getByRole('button', { name: 'Yes, run it' }).click();
    await until(async () => (await outcome('Lobby').innerText()) === 'done', 'unbanned on Lobby');
    assert.deepEqual(await lobby.call('minecraft:bans'), []);
    assert.equal(await dialog.count(), 0);
  } finally {
    await Promise.all([lobby, survival, creative].map((c) => c.close()));
  }
});

test('a player found across servers, then acted on where chosen', async () => {
  const survival = await rawClient(sims[1]);
  const minigames = await rawClient(sims[3]);
  try {
    await survival.call('minecraft:operators/add', [[{ player: { name: 'Griefer' }, permissionLevel: 2 }]]);
    await minigames.call('sim:profiles/add', [[{ name: 'Griefer' }]]);
    await minigames.call('sim:players/join', [{ name: 'Griefer' }]);
    await nav(page, 'Find a player');
    const form = page.getByRole('form', { name: 'Find a player' });
    await form.getByRole('searchbox', { name: 'Player name or UUID' }).fill('griefer');
    await form.getByRole('button', { name: 'Find' }).click();
    const where = page.getByRole('table', { name: 'Where' });
    const on = async (name) => (await where.getByRole('row').filter({ hasText: name }).getByRole('cell').allInnerTexts()).slice(1);
    await until(async () => (await on('Minigames'))[1] === 'yes', 'online on Minigames');
    assert.deepEqual(await on('Lobby'), ['Lobby', 'no', 'no', 'no', 'no'], 'unbanned there since');
    assert.deepEqual(await on('Survival'), ['Survival', 'no', 'no', 'yes: griefing', 'level 2']);
    assert.deepEqual(await on('Creative'), ['Creative', 'no', 'no', 'no', 'no']);
    assert.match(await page.getByRole('status').filter({ hasText: 'Known as' }).innerText(), /Griefer \([0-9a-f-]{36}\)/);
    await page.screenshot({ path: 'target/e2e-screenshots/fleet-find-player.png' });
    await where.getByRole('checkbox', { name: 'Choose Creative' }).check();
    await where.getByRole('checkbox', { name: 'Choose Build' }).check();
    await page.getByRole('button', { name: 'Act on the 2 chosen servers' }).click();
    const bulk = page.getByRole('form', { name: 'Bulk actions' });
    await bulk.waitFor();
    assert.equal(await bulk.getByRole('checkbox', { name: 'Creative', exact: true }).isChecked(), true);
    assert.equal(await bulk.getByRole('checkbox', { name: 'Build', exact: true }).isChecked(), true);
    assert.equal(await bulk.getByRole('checkbox', { name: 'Lobby', exact: true }).isChecked(), false);
    assert.equal(await bulk.getByRole('textbox', { name: /^Players/ }).inputValue(), 'Griefer');
    await bulk.getByRole('button', { name: 'Run on 2 servers' }).waitFor();
  } finally {
    await survival.close();
    await minigames.close();
  }
});

test('one list compared across servers, and made equal after review', async () => {
  const lobby = await rawClient(sims[0]);
  const build = await rawClient(sims[4]);
  const names = async (raw) => (await raw.call('minecraft:allowlist')).map((p) => p.name).sort();
  try {
    for (const raw of [lobby, build]) {
      await raw.call('sim:profiles/add', [[{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }]]);
    }
    await lobby.call('minecraft:allowlist/add', [[{ name: 'Alice' }, { name: 'Bob' }]]);
    await build.call('minecraft:allowlist/add', [[{ name: 'Carol' }]]);
    await nav(page, 'Compare lists');
    const comparison = page.getByRole('table', { name: 'Comparison' });
    const header = await comparison.getByRole('row').first().getByRole('columnheader').allInnerTexts();
    const alice = async () => comparison.getByRole('row').filter({ hasText: 'Alice' }).getByRole('cell').allInnerTexts();
    await until(async () => (await alice()).length === header.length, 'Alice listed');
    const cellOf = async (server) => (await alice())[header.indexOf(server)];
    assert.equal(await cellOf('Lobby'), '✓');
    assert.equal(await cellOf('Build'), '—');

    await page.getByRole('combobox', { name: 'Make equal to the list of' }).selectOption({ label: 'Lobby' });
    await page.getByRole('group', { name: 'These servers' }).getByRole('checkbox', { name: 'Build' }).check();
    await page.getByRole('button', { name: 'Review the changes' }).click();
    const review = page.getByRole('region', { name: 'Changes to review' });
    const before = await names(build);
    await review.getByRole('heading', { name: /^Build: add 2, remove \d+, change 0$/ }).waitFor();
    const lines = await review.getByRole('listitem').allInnerTexts();
    assert.ok(lines.includes('+ Alice') && lines.includes('+ Bob') && lines.includes('− Carol'), `${lines}`);
    assert.deepEqual(await names(build), before, 'nothing sent before Apply');
    await page.screenshot({ path: 'target/e2e-screenshots/fleet-compare-review.png' });
    await review.getByRole('button', { name: 'Apply to 1 servers' }).click();
    const results = page.getByRole('table', { name: 'Results' });
    await until(async () => (await results.getByRole('row').filter({ hasText: 'Build' }).innerText()).includes('done; done'), 'both calls done');
    assert.deepEqual(await names(build), await names(lobby));
  } finally {
    await lobby.close();
    await build.close();
  }
});

test('servers saved, renamed, reordered, exported and imported without secrets', async () => {
  await nav(page, 'Servers');
  const saved = page.getByRole('table', { name: 'Saved servers' });
  const savedNames = async () => saved.locator('tbody tr td:first-child input').evaluateAll((els) => els.map((e) => e.value));
  await page.getByRole('button', { name: 'Save Lobby' }).click();
  await page.getByRole('button', { name: 'Save Survival' }).click();
  const add = page.getByRole('form', { name: 'Add a server' });
  await add.getByRole('textbox', { name: 'Name' }).fill('Build server');
  await add.getByRole('textbox', { name: 'Server address' }).fill(sims[4].url);
  await add.getByLabel('Secret').fill(sims[4].secret);
  await add.getByRole('checkbox', { name: 'Remember on this device' }).check();
  await add.getByRole('button', { name: 'Add and connect' }).click();
  await until(async () => (await savedNames()).length === 3, 'three saved');
  assert.deepEqual(await savedNames(), ['Lobby', 'Survival', 'Build server']);
  assert.equal(await table().getByRole('row').count(), 6, 'an address already open is not opened twice');
  assert.equal((await saved.getByRole('row').filter({ hasText: sims[4].url }).getByRole('cell').allInnerTexts())[2], 'saved');

  await saved.getByRole('textbox', { name: 'Name of Lobby' }).fill('Lobby EU');
  await saved.getByRole('row').filter({ hasText: sims[0].url }).getByRole('button', { name: 'Rename' }).click();
  await saved.getByRole('button', { name: 'Move Build server up' }).click();
  await until(async () => (await savedNames()).join() === 'Lobby EU,Build server,Survival', 'renamed and moved');

  const exported = async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export the list (JSON)' }).click(),
    ]);
    return JSON.parse(await fs.readFile(await download.path(), 'utf8'));
  };
  const plain = await exported();
  assert.deepEqual(plain.servers.map((s) => s.name), ['Lobby EU', 'Build server', 'Survival']);
  assert.ok(plain.servers.every((s) => !('secret' in s)), JSON.stringify(plain));
  await page.getByRole('checkbox', { name: 'Include saved secrets' }).check();
  await page.getByRole('alert').filter({ hasText: 'secrets in plain text' }).waitFor();
  const withSecrets = await exported();
  assert.deepEqual(withSecrets.servers.map((s) => s.secret ?? null), [null, sims[4].secret, null]);
  const stored = await page.evaluate(() => localStorage.getItem('msmp-panel.servers'));
  assert.ok(!stored.includes(sims[4].secret), 'the stored list never holds a secret');

  await page.getByRole('button', { name: 'Forget all saved secrets (1)' }).click();
  await page.getByRole('button', { name: 'Forget all saved secrets (0)' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('msmp-panel.secrets')), null);
  for (const name of ['Lobby EU', 'Build server', 'Survival']) {
    await saved.getByRole('button', { name: `Remove ${name}` }).click();
  }
  await until(async () => (await savedNames()).length === 0, 'list emptied');
  await page.getByRole('textbox', { name: 'Paste an exported list (JSON)' }).fill(JSON.stringify(plain));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Imported: 3 added, 0 updated, 0 unchanged.' }).waitFor();
  assert.deepEqual(await savedNames(), ['Lobby EU', 'Build server', 'Survival']);
  assert.equal(await saved.getByText('saved', { exact: true }).count(), 0, 'no secret came with the file');
  await page.screenshot({ path: 'target/e2e-screenshots/fleet-saved-servers.png', fullPage: true });
});

test('a server that came without its secret waits, then connects once it is entered', async () => {
  const other = await newPage(browser, { errors });
  try {
    const [lobby, survival] = sims;
    await other.goto(
      `${web.origin}/#server=${encodeURIComponent(lobby.url)}&secret=${lobby.secret}&name=Lobby` +
        `&server=${encodeURIComponent(survival.url)}&name=Survival`,
    );
    const servers = other.getByRole('table', { name: 'Servers', exact: true });
    const state = async (name) =>
      (await servers.getByRole('row').filter({ has: other.getByRole('button', { name, exact: true }) }).getByRole('cell').allInnerTexts())[2];
    await other.getByRole('status').filter({ hasText: '1 of 2 servers connected' }).waitFor();
    assert.equal(await state('Survival'), 'not connected');
    await servers.getByRole('button', { name: 'Survival', exact: true }).click();
    const waiting = other.getByRole('form', { name: 'Connect' });
    await waiting.getByText(/^Not connected to 127\.0\.0\.1:\d+\./).waitFor();
    await waiting.getByRole('button', { name: 'Connect' }).click();
    await waiting.getByText("Enter this server's secret.").waitFor();
    await waiting.getByLabel('Secret').fill(survival.secret);
    await waiting.getByRole('button', { name: 'Connect' }).click();
    await other.getByRole('button', { name: 'Disconnect' }).waitFor();
    await sections(other).getByRole('button', { name: 'Servers' }).click();
    await other.getByRole('status').filter({ hasText: '2 of 2 servers connected' }).waitFor();
    // The same server twice in a link is one connection.
    await other.goto(
      `${web.origin}/#server=${encodeURIComponent(lobby.url)}&secret=${lobby.secret}` +
        `&server=${encodeURIComponent(lobby.url)}&secret=${lobby.secret}&server=${encodeURIComponent(survival.url)}&secret=${survival.secret}`,
    );
    await other.getByRole('status').filter({ hasText: '2 of 2 servers connected' }).waitFor();
  } finally {
    await other.close();
  }
});
