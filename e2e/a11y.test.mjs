// Accessibility and small screens (issue 13). axe-core runs on every page in both themes and
// both languages: no violation of impact serious or critical (colour contrast included). At
// 360 px wide every page scrolls only vertically, the navigation is a menu, every control
// is a touch target of at least 40 px, and a screenshot of each goes to target/e2e-screenshots.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { launchBrowser, newPage, rawClient, screenshot, serveDist, startSim, until } from './harness.mjs';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let web, sims, browser, link;
const errors = [];

before(async () => {
  web = await serveDist();
  sims = await Promise.all([3, 1].map((players) => startSim({ origins: [web.origin], players })));
  const raw = await rawClient(sims[0]);
  await raw.call('minecraft:allowlist/add', [[{ name: 'jeb_' }, { name: 'Dinnerbone' }]]);
  await raw.call('minecraft:bans/add', [[{ player: { name: 'Notch' }, reason: 'griefing' }]]);
  await raw.call('minecraft:ip_bans/add', [[{ ip: '203.0.113.9', reason: 'spam' }]]);
  await raw.call('minecraft:operators/add', [[{ player: { name: 'Grumm' }, permissionLevel: 2 }]]);
  await raw.close();
  link = `${web.origin}/#${sims
    .map((s, i) => `server=${encodeURIComponent(s.url)}&secret=${s.secret}&name=Server${i + 1}`)
    .join('&')}`;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await Promise.all((sims ?? []).map((s) => s.stop()));
  await web?.close();
});

/** The serious and critical axe violations on screen, one line each. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join(' | ')}`);
  });
}

const navButtons = (page) => page.locator('nav li:not([hidden]) button.nav');

/** Opens the i-th page of the navigation (through the menu where it is collapsed). */
async function openPage(page, i) {
  const menu = page.locator('button.menu');
  if (await menu.isVisible()) {
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  }
  await navButtons(page).nth(i).click();
  await page.locator('.lazy-loading').waitFor({ state: 'detached' });
  await page.locator('div.page:not([hidden]) .page-title').waitFor();
  return page.locator('div.page:not([hidden]) .page-title').innerText();
}

async function connected(page) {
  // Only the fragment would change: a same-document navigation would not start the panel.
  await page.goto('about:blank');
  await page.goto(link);
  await page.locator('nav').waitFor();
  await page.locator('.banner[role="status"]').waitFor({ state: 'detached' });
}

test('axe finds nothing serious on any page, in both themes and both languages', async () => {
  const page = await newPage(browser, { errors });
  page.setDefaultTimeout(10000);
  const found = [];
  // The connection form first (a link without a secret shows it).
  await page.goto(`${web.origin}/#server=${encodeURIComponent(sims[0].url)}`);
  await page.locator('form').first().waitFor();
  for (const v of await axeViolations(page)) found.push(`connection form: ${v}`);

  await connected(page);
  const count = await navButtons(page).count();
  assert.ok(count >= 15, `every page is in the navigation (${count})`);
  for (const [lang, theme] of [[0, 1], [0, 2], [1, 1], [1, 2]]) {
    await page.locator('.pickers select').first().selectOption({ index: lang });
    await page.locator(`.msmp-panel[lang="${lang ? 'zh-CN' : 'en'}"]`).waitFor();
    await page.locator('.pickers select').nth(1).selectOption({ index: theme });
    for (let i = 0; i < count; i++) {
      const title = await openPage(page, i);
      for (const v of await axeViolations(page)) found.push(`${title} (${lang ? 'zh' : 'en'}, ${theme === 1 ? 'light' : 'dark'}): ${v}`);
    }
  }
  assert.deepEqual(found, []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

/** What is wrong with the page on screen at phone width: wider than the screen, small targets. */
function phoneProblems() {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  for (const el of document.querySelectorAll('.msmp-panel :is(button, a[href], input, select, textarea, summary)')) {
    if (el.getClientRects().length === 0) continue;
    // A checkbox's target is its label.
    const target = ((el.type === 'checkbox' || el.type === 'radio') && el.closest('label')) || el;
    const r = target.getBoundingClientRect();
    const name = (el.innerText || el.getAttribute('aria-label') || el.name || el.type || '').slice(0, 30);
    if (r.height < 40 || r.width < 40) problems.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
  return problems;
}

test('at 360 px every page fits the width, with touch targets of 40 px, in both languages', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US', hasTouch: true, isMobile: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.setDefaultTimeout(10000);
  await connected(page);
  const menu = page.locator('button.menu');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'the navigation is collapsed into a menu');
  assert.equal(await page.locator('nav ul').isVisible(), false);
  const problems = [];
  const count = await navButtons(page).count();
  for (const lang of ['en', 'zh']) {
    if (lang === 'zh') {
      await page.locator('.pickers select').first().selectOption({ index: 1 });
      await page.locator('.msmp-panel[lang="zh-CN"]').waitFor();
    }
    for (let i = 0; i < count; i++) {
      const title = await openPage(page, i);
      assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'choosing a page closes the menu');
      await screenshot(page, `phone-${lang}-${String(i).padStart(2, '0')}`);
      for (const p of await page.evaluate(phoneProblems)) problems.push(`${title} (${lang}): ${p}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Presses Tab (Shift+Tab with `back`) until `target` has the focus; each stop must show it. */
async function tabTo(page, target, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const seen = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { ok: true };
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
      return { ok: el.matches(':focus-visible') && outline, what: el.outerHTML.slice(0, 120) };
    });
    assert.ok(seen.ok, `the focus is not visible on ${seen.what}`);
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

const focusedRole = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el.getAttribute('role') ?? el.closest('[role="alertdialog"]')?.getAttribute('role') ?? el.tagName;
});

test('the keyboard alone connects, adds a player, confirms a removal and reaches the log', async () => {
  const sim = sims[1];
  const page = await newPage(browser, { errors });
  page.setDefaultTimeout(10000);
  await page.goto(`${web.origin}/#server=${encodeURIComponent(sim.url)}`);
  await page.getByRole('heading', { name: 'Connect to a server' }).waitFor();
  // A wrong secret: the error takes the focus.
  await tabTo(page, page.getByLabel('Secret', { exact: true }));
  await page.keyboard.type('too-short');
  await page.keyboard.press('Enter');
  await until(async () => (await focusedRole(page)) === 'alert', 'the focus on the error');
  await tabTo(page, page.getByLabel('Secret', { exact: true }), { back: true });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(sim.secret);
  await page.keyboard.press('Enter');
  const sections = page.getByRole('navigation', { name: 'Sections' });
  await sections.waitFor();
  await page.getByRole('status').filter({ hasText: 'Connected to' }).waitFor();

  await tabTo(page, sections.getByRole('button', { name: 'Allowlist' }));
  await page.keyboard.press('Enter');
  const add = page.getByRole('region', { name: 'Add' });
  await tabTo(page, add.getByRole('textbox', { name: 'Players (one name or UUID per line)' }));
  await page.keyboard.type('Notch');
  await tabTo(page, add.getByRole('button', { name: 'Add' }));
  await page.keyboard.press('Enter');
  await add.getByRole('status').filter({ hasText: 'Added 1 of 1' }).waitFor();
  const raw = await rawClient(sim);
  assert.deepEqual((await raw.call('minecraft:allowlist')).map((p) => p.name), ['Notch']);

  const entries = page.getByRole('region', { name: 'Entries' });
  await tabTo(page, entries.getByRole('checkbox', { name: 'Select Notch' }), { back: true });
  await page.keyboard.press('Space');
  await tabTo(page, entries.getByRole('button', { name: 'Remove selected' }));
  await page.keyboard.press('Enter');
  const dialog = entries.getByRole('alertdialog', { name: 'Remove selected' });
  await dialog.waitFor();
  assert.equal(await focusedRole(page), 'alertdialog', 'the focus moved into the question');
  await tabTo(page, dialog.getByRole('button', { name: 'Yes, remove' }), { back: true });
  await page.keyboard.press('Enter');
  await entries.getByRole('status').filter({ hasText: 'Entries removed: 1.' }).waitFor();
  assert.deepEqual(await raw.call('minecraft:allowlist'), []);
  await raw.close();

  await tabTo(page, sections.getByRole('button', { name: 'Events' }), { back: true, max: 120 });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Events', level: 2 }).waitFor();
  // The page's chunk may still be on its way: wait for the entry rather than read once.
  await page.locator('div.page:not([hidden])').getByText(/allowlist\/removed/).first().waitFor();
  assert.deepEqual(errors, []);
  await page.context().close();
});
