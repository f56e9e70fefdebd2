// Long lists a page at a time: 120 allowlist entries show as 50 rows with "Rows 1–50 of 120",
// Next and Previous work from the keyboard, the range is announced (a status), the filter
// searches all pages and starts again at the first, and a removal on the last page keeps
// that page on screen with the range updated.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listRegion, nav, startConnected } from './harness.mjs';

const N = 120;
const name = (i) => `p${String(i).padStart(3, '0')}`;
const player = (i) => ({ id: `0000${String(i).padStart(4, '0')}-0000-4000-8000-000000000000`, name: name(i) });

let env, page, dir;

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'msmp-paging-'));
  const stateFile = path.join(dir, 'state.json');
  const allowlist = Array.from({ length: N }, (_, k) => player(k + 1));
  await fs.writeFile(stateFile, JSON.stringify({ format: 1, allowlist, bans: [], ip_bans: [], operators: [] }));
  env = await startConnected({ sim: { stateFile } });
  page = env.page;
  await nav(page, 'Allowlist');
});

after(async () => {
  await env?.cleanup();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const pager = () => listRegion(page).getByRole('navigation', { name: 'Pages of entries' });
const range = (text) => pager().getByRole('status').filter({ hasText: new RegExp(`^${text}$`) });
// Rows with cells (the header row has none).
const bodyRows = () => listRegion(page).locator('tbody').getByRole('row');
const cell = (text) => listRegion(page).getByRole('cell', { name: text, exact: true });

async function showsRows(from, to) {
  await range(`Rows ${from}–${to} of ${N}`).waitFor();
  await cell(name(from)).waitFor();
  await cell(name(to)).waitFor();
  assert.equal(await bodyRows().count(), to - from + 1, `rows ${from}–${to} in the DOM, no more`);
}

test('120 entries show 50 at a time, paged by keyboard', async () => {
  await listRegion(page).getByRole('status').filter({ hasText: /^Entries: 120$/ }).waitFor();
  await showsRows(1, 50);
  const previous = pager().getByRole('button', { name: 'Previous' });
  const next = pager().getByRole('button', { name: 'Next' });
  assert.equal(await previous.isDisabled(), true, 'no page before the first');

  await next.focus();
  await page.keyboard.press('Enter');
  await showsRows(51, 100);
  assert.equal(await cell(name(1)).count(), 0, 'the first page is gone from the DOM');
  await page.keyboard.press('Enter');
  await showsRows(101, 120);
  assert.equal(await next.isDisabled(), true, 'no page after the last');

  await previous.focus();
  await page.keyboard.press('Space');
  await showsRows(51, 100);
  await previous.click();
  await showsRows(1, 50);
});

test('the filter searches every page and starts again at the first', async () => {
  await pager().getByRole('button', { name: 'Next' }).click();
  await showsRows(51, 100);
  const filter = listRegion(page).getByRole('searchbox', { name: 'Filter' });
  await filter.fill('p11');
  // p110–p119, from the third page, shown on one page while the second was on screen.
  await cell('p110').waitFor();
  await cell('p119').waitFor();
  assert.equal(await bodyRows().count(), 10);
  assert.equal(await pager().count(), 0, 'no pager when the matches fit one page');
  await filter.fill('');
  await showsRows(1, 50);
});

test('a removal on the last page keeps that page with the range updated', async () => {
  const next = pager().getByRole('button', { name: 'Next' });
  await next.click();
  await next.click();
  await showsRows(101, 120);
  await env.raw.call('sim:notify', {
    notification: { method: 'minecraft:notification/allowlist/removed', params: player(110) },
  });
  await pager().getByRole('status').filter({ hasText: /^Rows 101–119 of 119$/ }).waitFor();
  await cell(name(110)).waitFor({ state: 'detached' });
  await cell(name(120)).waitFor();
  assert.equal(await bodyRows().count(), 19);
});
