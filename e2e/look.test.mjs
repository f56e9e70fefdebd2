// Language and theme (issue 13, first part): 简体中文 fetched as a chunk when chosen, the
// choice saved; switching rebuilds the views in place without dropping the connection or
// what the connection form holds; the browser's language is the default; the theme picker
// sets the root's colour scheme and is remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectPanel, currentPage, nav, newPage, rawClient, recordFrames, startEnv, until } from './harness.mjs';

const root = (page) => page.locator('.msmp-panel');

test('switching to Chinese and back keeps the form, the connection and the choice', async (t) => {
  const env = await startEnv(t);
  const { page } = env;
  const chunks = [];
  page.on('request', (r) => /-split_zh_cn\.wasm$/.test(r.url()) && chunks.push(r.url()));
  await env.open();
  const language = page.getByRole('combobox', { name: 'Language' });
  assert.equal(await root(page).getAttribute('lang'), 'en');
  assert.equal(chunks.length, 0, 'English needs no chunk');
  const address = page.getByRole('textbox', { name: 'Server address' });
  await address.fill(`${env.sim.url}/`);

  await language.selectOption({ label: '简体中文' });
  await page.getByRole('heading', { name: '连接到服务器' }).waitFor();
  assert.equal(await root(page).getAttribute('lang'), 'zh-CN');
  assert.equal(await page.getByRole('textbox', { name: '服务器地址' }).inputValue(), `${env.sim.url}/`, 'typed text kept');
  assert.equal(chunks.length, 1, 'the Chinese table came as one chunk');
  await env.screenshot('look-zh-connect');

  await page.getByRole('button', { name: '连接', exact: true }).click();
  const nav = page.getByRole('navigation', { name: '栏目' });
  await nav.getByRole('button', { name: '白名单' }).click();
  await env.screenshot('look-zh-allowlist');
  const frames = recordFrames(page);
  await page.getByRole('combobox', { name: '语言' }).selectOption({ label: 'English' });
  await page.getByRole('heading', { name: 'Allowlist', level: 2 }).waitFor();
  await page.getByRole('button', { name: 'Disconnect' }).waitFor();
  assert.ok(!frames.some((f) => f.method === 'rpc.discover'), 'the connection was not rebuilt');

  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: '简体中文' });
  await page.reload();
  await page.getByRole('heading', { name: '连接到服务器' }).waitFor();
  assert.deepEqual(env.errors, []);
});

test("the browser's language is the default; the theme is picked and remembered", async (t) => {
  const env = await startEnv(t);
  const page = await newPage(env.browser, { errors: env.errors, locale: 'zh-CN' });
  await env.open(page);
  await page.getByRole('heading', { name: '连接到服务器' }).waitFor();
  const theme = page.getByRole('combobox', { name: '主题' });
  assert.equal(await theme.inputValue(), '0', 'follows the system at first');
  await theme.selectOption({ label: '深色' });
  assert.equal(await root(page).getAttribute('data-theme'), 'dark');
  const dark = await root(page).evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.reload();
  await page.getByRole('heading', { name: '连接到服务器' }).waitFor();
  assert.equal(await root(page).getAttribute('data-theme'), 'dark', 'remembered');
  await page.getByRole('combobox', { name: '主题' }).selectOption({ label: '浅色' });
  assert.equal(await root(page).getAttribute('data-theme'), 'light');
  const light = await root(page).evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(dark, light);
  await env.screenshot('look-zh-light', page);
  assert.deepEqual(env.errors, []);
});

test('what was typed on several pages survives a language switch; dates follow the language', async (t) => {
  const env = await startEnv(t);
  const { page } = env;
  page.setDefaultTimeout(10000);
  const raw = await rawClient(env.sim);
  await raw.call('minecraft:bans/add', [[{ player: { name: 'Notch' }, reason: 'grief', expires: '2030-01-02T03:04:05Z' }]]);
  await env.open();
  await connectPanel(page);
  await nav(page, 'Bans');
  const reason = currentPage(page).getByRole('textbox', { name: 'Reason (optional)' }).first();
  await reason.fill('spamming chat');
  // Dates as the language writes them, in this browser's time zone.
  await currentPage(page).getByRole('cell', { name: /^Jan 2, 2030/ }).waitFor();
  await nav(page, 'Allowlist');
  const players = currentPage(page).getByRole('textbox', { name: 'Players (one name or UUID per line)' });
  await players.fill('jeb_');
  const filter = currentPage(page).getByRole('searchbox', { name: 'Filter' });
  await filter.fill('nobody');

  const language = page.getByRole('combobox', { name: 'Language' });
  await language.focus();
  await language.selectOption({ label: '简体中文' });
  await page.getByRole('heading', { name: '白名单', level: 2 }).waitFor();
  const zhPlayers = currentPage(page).getByRole('textbox', { name: '玩家（每行一个玩家名或 UUID）' });
  await until(async () => (await zhPlayers.inputValue()) === 'jeb_', 'the allowlist form kept its text');
  assert.equal(await currentPage(page).getByRole('searchbox').inputValue(), 'nobody', 'the filter too');
  await until(() => page.getByRole('combobox', { name: '语言' }).evaluate((el) => el === document.activeElement), 'the focus back on the picker');
  // What is kept is what the form sends.
  await currentPage(page).getByRole('button', { name: '添加', exact: true }).click();
  await until(async () => (await raw.call('minecraft:allowlist')).some((p) => p.name === 'jeb_'), 'jeb_ added');
  await page.getByRole('navigation', { name: '栏目' }).getByRole('button', { name: '封禁', exact: true }).click();
  assert.equal(await currentPage(page).getByRole('textbox', { name: '原因（可选）' }).first().inputValue(), 'spamming chat');
  await currentPage(page).getByRole('cell', { name: /^2030年1月2日/ }).waitFor();
  await raw.close();
  assert.deepEqual(env.errors, []);
});
