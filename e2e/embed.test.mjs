// Embedding in a hosting control panel: a host page on one origin frames the panel from
// another and connects it by postMessage (examples/embed/, as shipped); a page of a third
// origin cannot; panel.json's lockServer, presets, theme and a malformed file; the bundle
// built for a sub-path (`cargo xtask dist --public-url /admin/`) served under /admin/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  DIST,
  ROOT,
  connectPanel,
  launchBrowser,
  newPage,
  randomSecret,
  screenshot,
  sections,
  serveDist,
  simAvailable,
  startSim,
  until,
} from './harness.mjs';

const EXAMPLE = path.join(ROOT, 'examples/embed');
const SUBPATH_DIST = process.env.E2E_SUBPATH_DIST || path.join(ROOT, 'target/admin-dist');
const PLAYERS = 3;

let browser;
let sim;
const webs = [];
const serve = async (opts) => {
  const web = await serveDist(opts);
  webs.push(web);
  return web;
};
// The same server seen under another name is another origin.
const localhost = (web) => `http://localhost:${web.port}`;
let panel; // the panel, lockServer, taking orders from the host's origin only
let host; // examples/embed on http://localhost:PORT
let evil; // a third origin
let admin; // the sub-path bundle with presets and a theme
let broken; // the panel with a malformed panel.json
const secret = randomSecret();

before(async () => {
  if (!simAvailable()) return;
  if (!fs.existsSync(path.join(SUBPATH_DIST, 'index.html'))) {
    throw new Error(`${SUBPATH_DIST} missing: \`cargo xtask test --only dist\` builds it`);
  }
  // Served files are read per request: filled in once the simulator's address is known.
  const hostFiles = {};
  const evilFiles = {};
  // Only /admin/ is the panel's: the browser's /favicon.ico would be a 404 (an error).
  const adminFiles = { '/favicon.ico': '' };
  host = await serve({ dir: EXAMPLE, files: hostFiles });
  evil = await serve({ dir: EXAMPLE, files: evilFiles });
  panel = await serve({
    dir: DIST,
    files: { '/panel.json': JSON.stringify({ parentOrigins: [localhost(host)], lockServer: true }) },
  });
  admin = await serve({ dir: SUBPATH_DIST, prefix: '/admin/', files: adminFiles });
  broken = await serve({
    dir: DIST,
    files: { '/panel.json': '{"lockServer": "yes", "parentOrigins": ["*"], "colour": 1}' },
  });
  sim = await startSim({ secret, players: PLAYERS, origins: [panel.origin, admin.origin, broken.origin] });
  // What the host's backend would answer its logged-in customer.
  hostFiles['/server.json'] = JSON.stringify({ panelUrl: `${panel.origin}/`, name: 'Survival', url: sim.url, secret });
  evilFiles['/evil.html'] = `<!DOCTYPE html><meta charset="utf-8"><title>evil</title>
    <iframe id="panel" src="${panel.origin}/"></iframe><ol id="heard"></ol>
    <script>
      addEventListener('message', (ev) => {
        const li = document.createElement('li');
        li.textContent = JSON.stringify(ev.data);
        document.getElementById('heard').append(li);
      });
      const frame = document.getElementById('panel');
      frame.addEventListener('load', () => setTimeout(() => frame.contentWindow.postMessage(
        { type: 'msmp-panel:connect', url: ${JSON.stringify(sim.url)}, secret: ${JSON.stringify(secret)} }, '*'), 500));
    </script>`;
  adminFiles['/admin/panel.json'] = JSON.stringify({ servers: [{ name: 'Lobby', url: sim.url }], theme: 'dark' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const web of webs) await web.close();
  await sim?.stop();
});

const skip = !simAvailable() && 'no simulator binary';

test('a host page on another origin connects the panel in its frame by postMessage', { skip }, async () => {
  const errors = [];
  const page = await newPage(browser, { errors });
  const url = `${localhost(host)}/`;
  await page.goto(url);
  const state = page.locator('#state');
  await until(async () => (await state.textContent()) === 'connected', 'the host to hear "connected"', 20000);
  const frame = page.frameLocator('#panel');
  await sections(frame).waitFor();
  await until(
    async () => (await frame.getByRole('list', { name: 'Players online' }).getByRole('listitem').count()) === PLAYERS,
    `${PLAYERS} players shown inside the frame`,
  );
  await frame.getByText('Connected to Survival').waitFor();
  // lockServer: no form, no way to point the panel elsewhere.
  assert.equal(await frame.getByLabel('Server address').count(), 0);
  assert.equal(await frame.getByRole('button', { name: 'Disconnect' }).count(), 0);

  const heard = (await page.getByRole('list', { name: 'Messages from the panel' }).getByRole('listitem').allTextContents()).map(
    (t) => JSON.parse(t),
  );
  assert.deepEqual(heard[0], { type: 'msmp-panel:ready' });
  assert.ok(
    heard.some((m) => m.type === 'msmp-panel:status' && m.state === 'connected' && m.server === `${sim.url}/`),
    JSON.stringify(heard),
  );
  assert.ok(!JSON.stringify(heard).includes(secret), 'the secret never comes back');
  assert.equal(page.url(), url, "the host's address is left alone");
  await screenshot(page, 'embed-host');

  // A message the panel does not take, even from its host, is ignored and logged.
  await page.evaluate((origin) => {
    document.getElementById('panel').contentWindow.postMessage({ type: 'msmp-panel:hello' }, origin);
  }, panel.origin);
  await sections(frame).getByRole('button', { name: 'Events' }).click();
  await frame.getByText('Ignored a message from the host page: not a message the panel takes').waitFor();
  await screenshot(page, 'embed-ignored-event');

  // The host disconnects it.
  await page.evaluate((origin) => {
    document.getElementById('panel').contentWindow.postMessage({ type: 'msmp-panel:disconnect' }, origin);
  }, panel.origin);
  await until(async () => (await state.textContent()) === 'disconnected', 'the host to hear "disconnected"');
  await frame.getByText('This panel is connected by the page it is embedded in').waitFor();
  // Nothing stored: the secret was in memory only (where a framed page may store at all).
  const stored = await page.frames()[1].evaluate(() => {
    try {
      return JSON.stringify({ ...localStorage });
    } catch {
      return 'no storage in this frame';
    }
  });
  assert.ok(!stored.includes(secret), stored);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a page of an origin not in parentOrigins cannot drive the panel, and hears nothing from it', { skip }, async () => {
  const page = await newPage(browser, { errors: [] });
  await page.goto(`${localhost(evil)}/evil.html`);
  const frame = page.frameLocator('#panel');
  await frame.getByText(`Messages ignored so far: 1. Last: Ignored a message from ${localhost(evil)}`).waitFor();
  await frame.getByText('This panel is connected by the page it is embedded in').waitFor();
  assert.equal(await sections(frame).count(), 0, 'not connected');
  assert.equal(await page.locator('#heard li').count(), 0, 'no ready or status reached this page');
  await page.close();
});

test('panel.json under a sub-path: presets and a theme; a malformed one is reported and the panel still works', { skip }, async () => {
  const errors = [];
  const page = await newPage(browser, { errors });
  // The sub-path bundle, with the host's panel.json beside its index.html.
  await page.goto(`${admin.origin}/admin/`);
  await page.getByRole('button', { name: 'Lobby' }).click();
  assert.equal(await page.getByLabel('Server address').inputValue(), `${sim.url}/`);
  await page.getByLabel('Secret', { exact: true }).fill(secret);
  await connectPanel(page);
  await page.getByText('Connected to Lobby').waitFor();
  await until(
    async () => (await page.getByRole('list', { name: 'Players online' }).getByRole('listitem').count()) === PLAYERS,
    'players shown from the sub-path build',
  );
  const look = await page.evaluate(() => {
    const root = document.querySelector('.msmp-panel');
    const unscoped = [];
    const walk = (rules) => {
      for (const r of rules) {
        if (r.cssRules && !r.selectorText) walk(r.cssRules);
        else if (r.selectorText && !r.selectorText.includes('.msmp-panel')) unscoped.push(r.selectorText);
      }
    };
    for (const sheet of document.styleSheets) walk(sheet.cssRules);
    return { theme: root.dataset.theme, background: getComputedStyle(root).backgroundColor, unscoped };
  });
  assert.equal(look.theme, 'dark');
  assert.equal(look.background, 'rgb(20, 23, 29)', 'dark colours');
  assert.deepEqual(look.unscoped, [], "every rule is under the panel's root");
  await screenshot(page, 'embed-subpath-dark');
  assert.deepEqual(errors, []);

  await page.goto(`${broken.origin}/`);
  const alert = page.getByRole('alert').filter({ hasText: 'panel.json beside this page could not be used' });
  await alert.waitFor();
  for (const said of ['"lockServer": must be true or false', 'parentOrigins[0]: "*"', 'unknown field "colour"']) {
    await alert.getByText(said, { exact: false }).waitFor();
  }
  await screenshot(page, 'embed-broken-config');
  // Its defaults: the form, and no lock.
  await page.getByLabel('Server address').fill(sim.url);
  await page.getByLabel('Secret', { exact: true }).fill(secret);
  await connectPanel(page);
  await page.getByRole('button', { name: 'Disconnect' }).waitFor();
  await page.close();
});

test('a locked panel opens no server a link names, however many', { skip }, async () => {
  const page = await newPage(browser, { errors: [] });
  const link = `server=${encodeURIComponent(sim.url)}&secret=${secret}&name=A&server=${encodeURIComponent(sim.url.replace('127.0.0.1', 'localhost'))}&secret=${secret}&name=B`;
  await page.goto(`${panel.origin}/#${link}`);
  await page.getByText('This panel is connected by the page it is embedded in').waitFor();
  assert.equal(await sections(page).count(), 0, 'nothing connected, no pages');
  assert.equal(await page.getByRole('table', { name: 'Servers' }).count(), 0);
  await page.close();
});
