// End-to-end harness: the real `msmp-sim` binary, the release bundle in dist/ served by a
// tiny static server, and Debian's Chromium driven by playwright-core. `cargo xtask test`
// builds dist/ and the simulator, then runs `node --test --test-reporter=spec e2e/`
// (files named *.test.mjs). Run one file by hand: `node --test e2e/smoke.test.mjs`
// (after `cargo xtask test --only e2e` or `trunk build --release && cargo build -p msmp-sim`).
//
// Environment: MSMP_SIM_BIN (default target/debug/msmp-sim, else target/release/msmp-sim),
// E2E_DIST (default dist/), CHROMIUM (default /usr/bin/chromium), E2E_HEADED=1 to watch.
//
// API (everything returns promises unless noted; every resource has a close/stop):
//
//   const env = await startEnv(t, opts)      one-call fixture; registers cleanup with t.after
//       opts: { sim: <startSim options> | false, origins: 'panel' (default) | [..] }
//       → { web, sim, browser, page, errors, open(page?, extraFragment?), screenshot(name) }
//       env.errors: page errors and console errors seen so far (assert it stays empty).
//
//   randomSecret()                           sync; 40 alphanumerics
//   simAvailable()                           sync; whether the simulator binary exists
//   startSim({ secret, origins, protocol, players, activity, heartbeat, stateFile,
//              port, args })
//       → sim { url 'ws://127.0.0.1:PORT', host, port, secret, stateFile, origins,
//               lines (stdout+stderr lines so far), waitForLine(re, ms),
//               stop() SIGTERM and wait, kill() SIGKILL and wait (a crash),
//               restart() start again on the same port with the same state file and args }
//       origins: array of exact origins allowed (default none: no browser may connect).
//       stateFile defaults to a fresh temp file, so restart() keeps the lists.
//   serveDist({ dir, port, prefix, files })  → web { origin 'http://127.0.0.1:PORT', port, close() }
//                                              SPA fallback: unknown paths get index.html;
//                                              dir served under `prefix` (default '/'; others
//                                              404); `files`: { '/path': text } served as given
//                                              (e.g. a panel.json)
//   launchBrowser()                          → playwright Browser (fresh temp profile)
//   newPage(browser, { errors, locale })     → Page (locale default en-US); pushes page errors /
//                                              console errors to errors
//   panelUrl(web, sim, { server, secret, extra })  sync; origin + '/#server=…&secret=…'
//   openPanel(page, web, sim, opts)          → page after navigating to panelUrl
//   rawClient(sim, { auth: 'bearer' | 'subprotocol', origin, secret })
//       → client { call(method, params) → result (throws RpcError on error),
//                  request(frame) → raw parsed reply (object or batch array),
//                  notifications (array of { method, params }),
//                  waitForNotification(method, predicate?, ms=5000),
//                  close() }
//       params: undefined (none), an array (positional) or an object (by name).
//   screenshot(page, name)                   → path of target/e2e-screenshots/<name>.png
//   recordFrames(page)                       sync; → array that collects every JSON-RPC request
//                                              the page sends from now on (batches flattened)
//
// Panel helpers (page is a playwright Page showing the panel):
//
//   const env = await startConnected({ sim, beforeOpen })
//       startEnv without t (call env.cleanup() in after()), page default timeout 10 s, a raw
//       client as env.raw, then `await beforeOpen?.(env)`, the panel opened and connectPanel;
//       env.cleanup() closes env.raw too.
//   connectPanel(page)                       clicks Connect, waits for the Sections navigation and
//                                              until the "Loading the server's state…" status is gone
//   nav(page, name)                          clicks `name` in the Sections navigation, waits until
//                                            no page is still fetching its chunk (release build)
//   sections(page)                           sync; locator of the Sections navigation
//   loadingStatus(page)                      sync; locator of "Loading the server's state…"
//   currentPage(page)                        sync; locator of the page on screen (all stay mounted)
//   listRegion(page)                         sync; locator of a list page's table region ('Entries')
//   rowOf(page, text)                        sync; locator of that table's row with a cell `text`
//   until(fn, what, ms = 10000, every = 50)  polls `await fn()` every `every` ms until truthy and
//                                              returns it; a throw counts as not yet; past `ms` it
//                                              throws "timed out waiting for <what>" (+ last error)
//   WS_FAILED                                regex of the console error Chromium logs for each
//                                              failed WebSocket (filter env.errors with it)
//
// Ports: every server asks the OS for a free port (port 0), so runs never collide.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = process.env.E2E_DIST || path.join(ROOT, 'dist');
export const SCREENSHOTS = path.join(ROOT, 'target', 'e2e-screenshots');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const SIM_BIN =
  process.env.MSMP_SIM_BIN ||
  [path.join(ROOT, 'target/debug/msmp-sim'), path.join(ROOT, 'target/release/msmp-sim')].find(
    (p) => fs.existsSync(p),
  ) ||
  path.join(ROOT, 'target/debug/msmp-sim');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomSecret() {
  let s = '';
  for (let i = 0; i < 40; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

export function simAvailable() {
  return fs.existsSync(SIM_BIN);
}

// ---------------------------------------------------------------------------------------
// The simulator

export async function startSim(opts = {}) {
  const o = {
    secret: randomSecret(),
    origins: [],
    players: 0,
    activity: false,
    heartbeat: 0,
    port: 0,
    args: [],
    ...opts,
  };
  if (!o.stateFile) {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'msmp-e2e-'));
    o.stateFile = path.join(dir, 'sim-state.json');
  }
  const sim = {
    secret: o.secret,
    stateFile: o.stateFile,
    origins: o.origins,
    lines: [],
    proc: null,
    url: null,
    host: null,
    port: null,
  };

  const argv = (port) => {
    const a = ['--host', '127.0.0.1', '--port', String(port), '--secret', o.secret];
    a.push('--allowed-origins', o.origins.join(','));
    a.push('--state-file', o.stateFile, '--players', String(o.players));
    if (o.protocol) a.push('--protocol', o.protocol);
    if (o.heartbeat) a.push('--heartbeat', String(o.heartbeat));
    if (o.activity) a.push('--activity');
    return a.concat(o.args);
  };

  const launch = async (port) => {
    if (!simAvailable()) throw new Error(`simulator binary not found at ${SIM_BIN}`);
    const proc = spawn(SIM_BIN, argv(port), { stdio: ['ignore', 'pipe', 'pipe'] });
    sim.proc = proc;
    const first = new Promise((resolve, reject) => {
      let buf = '';
      let done = false;
      const timer = setTimeout(
        () => finish(new Error(`msmp-sim printed no "listening on" line in 15 s:\n${sim.lines.join('\n')}`)),
        15000,
      );
      const finish = (err, url) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        err ? reject(err) : resolve(url);
      };
      proc.stdout.setEncoding('utf8').on('data', (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          sim.lines.push(line);
          const m = /^listening on (wss?:\/\/([^:/]+|\[[^\]]+\]):(\d+))\s*$/.exec(line);
          if (m && !done) finish(null, m);
        }
      });
      proc.stderr.setEncoding('utf8').on('data', (chunk) => {
        for (const line of chunk.split('\n')) if (line) sim.lines.push(`[stderr] ${line}`);
      });
      proc.on('exit', (code, signal) =>
        finish(new Error(`msmp-sim exited (${code ?? signal}) before listening:\n${sim.lines.join('\n')}`)),
      );
    });
    const m = await first;
    sim.url = m[1];
    sim.host = m[2];
    sim.port = Number(m[3]);
  };

  const waitExit = async (signal) => {
    const proc = sim.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  sim.stop = () => waitExit('SIGTERM');
  sim.kill = () => waitExit('SIGKILL');
  sim.restart = async () => {
    await sim.stop();
    // Same port so the panel's reconnect finds it; retry briefly if the port is not free yet.
    for (let attempt = 0; ; attempt++) {
      try {
        await launch(sim.port);
        return sim;
      } catch (e) {
        if (attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  sim.waitForLine = async (re, ms = 5000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = sim.lines.find((l) => re.test(l));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no simulator line matching ${re} in ${ms} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  await launch(o.port);
  return sim;
}

// ---------------------------------------------------------------------------------------
// Static server for dist/

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export async function serveDist({ dir = DIST, port = 0, prefix = '/', files = {} } = {}) {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) throw new Error(`${index} missing: run \`trunk build --release\` first`);
  const root = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    try {
      const fullPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (fullPath in files) {
        res.writeHead(200, { 'content-type': TYPES[path.extname(fullPath)] || 'text/plain', 'cache-control': 'no-store' });
        res.end(files[fullPath]);
        return;
      }
      if (!fullPath.startsWith(prefix)) {
        res.writeHead(404).end();
        return;
      }
      const urlPath = '/' + fullPath.slice(prefix.length);
      let file = path.resolve(root, '.' + urlPath);
      if (!file.startsWith(root + path.sep) && file !== root) {
        res.writeHead(403).end();
        return;
      }
      let stat = await fsp.stat(file).catch(() => null);
      if (stat?.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = await fsp.stat(file).catch(() => null);
      }
      if (!stat) file = index; // SPA fallback
      const body = await fsp.readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const actual = server.address().port;
  return {
    port: actual,
    origin: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------
// Browser

export async function launchBrowser() {
  // playwright-core creates (and deletes) a fresh temporary --user-data-dir for launch().
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.E2E_HEADED,
    args: process.env.E2E_HEADED ? CHROMIUM_ARGS.filter((a) => a !== '--headless') : CHROMIUM_ARGS,
  });
}

export async function newPage(browser, { errors = [], locale = 'en-US' } = {}) {
  // The browser's language picks the panel's: fixed, so a machine's locale changes nothing.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    errors.push(`pageerror: ${e.message}`);
    // E2E_DEBUG=1: where it happened.
    if (process.env.E2E_DEBUG) console.error(e.stack);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    errors.push(`dialog (${d.type()}): ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return page;
}

export function panelUrl(web, sim, { server, secret, extra = '' } = {}) {
  const s = server ?? sim?.url;
  const k = secret ?? sim?.secret;
  const parts = [];
  if (s) parts.push(`server=${encodeURIComponent(s)}`);
  if (k) parts.push(`secret=${encodeURIComponent(k)}`);
  if (extra) parts.push(extra);
  return `${web.origin}/${parts.length ? '#' + parts.join('&') : ''}`;
}

export async function openPanel(page, web, sim, opts = {}) {
  await page.goto(panelUrl(web, sim, opts), { waitUntil: 'load' });
  return page;
}

export async function screenshot(page, name) {
  await fsp.mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ---------------------------------------------------------------------------------------
// A second, raw JSON-RPC client (npm `ws`, which can set the Origin and headers)

export class RpcError extends Error {
  constructor(error) {
    super(`${error.code}: ${error.message}${error.data ? ` (${error.data})` : ''}`);
    this.code = error.code;
    this.data = error.data;
    this.error = error;
  }
}

export async function rawClient(sim, { auth = 'bearer', origin, secret = sim.secret } = {}) {
  const url = sim.url;
  const options = { handshakeTimeout: 5000 };
  let protocols;
  if (auth === 'bearer') options.headers = { Authorization: `Bearer ${secret}` };
  else protocols = ['minecraft-v1', secret];
  if (origin) options.origin = origin;
  const ws = new WebSocket(url, protocols, options);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        const e = new Error(`HTTP ${res.statusCode}: ${body}`);
        e.status = res.statusCode;
        e.body = body;
        reject(e);
      });
    });
  });

  let nextId = 1;
  const pending = new Map();
  const rawWaiters = [];
  const notifications = [];
  const notificationWaiters = new Set();

  ws.on('message', (data) => {
    let msg;
    try {
      msg = JSON.parse(String(data));
    } catch {
      return;
    }
    if (rawWaiters.length) {
      rawWaiters.shift()(msg);
      return;
    }
    const items = Array.isArray(msg) ? msg : [msg];
    for (const m of items) {
      if (m && m.id !== undefined && m.id !== null && pending.has(m.id)) {
        const { resolve, reject } = pending.get(m.id);
        pending.delete(m.id);
        if (m.error) reject(new RpcError(m.error));
        else resolve(m.result);
      } else if (m && m.method && m.id === undefined) {
        const n = { method: m.method, params: m.params };
        notifications.push(n);
        for (const w of notificationWaiters) w(n);
      }
    }
  });
  ws.on('close', () => {
    for (const { reject } of pending.values()) reject(new Error('connection closed'));
    pending.clear();
  });

  return {
    ws,
    notifications,
    call(method, params) {
      const id = nextId++;
      const frame = { jsonrpc: '2.0', id, method };
      if (params !== undefined) frame.params = params;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify(frame));
      });
    },
    // Sends any frame (object, array or string) and resolves with the next message.
    request(frame) {
      return new Promise((resolve) => {
        rawWaiters.push(resolve);
        ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      });
    },
    waitForNotification(method, predicate = () => true, ms = 5000) {
      const hit = notifications.find((n) => n.method === method && predicate(n.params));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          notificationWaiters.delete(w);
          reject(new Error(`no ${method} notification in ${ms} ms`));
        }, ms);
        const w = (n) => {
          if (n.method === method && predicate(n.params)) {
            clearTimeout(timer);
            notificationWaiters.delete(w);
            resolve(n);
          }
        };
        notificationWaiters.add(w);
      });
    },
    close() {
      if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
      const closed = once(ws, 'close');
      ws.close();
      return closed;
    },
  };
}

// ---------------------------------------------------------------------------------------
// One-call fixture

export async function startEnv(t, { sim: simOpts = {}, origins = 'panel' } = {}) {
  const cleanups = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  if (t?.after) t.after(cleanup);
  try {
    const web = await serveDist();
    cleanups.push(() => web.close());
    let sim = null;
    if (simOpts !== false) {
      sim = await startSim({
        origins: origins === 'panel' ? [web.origin, `http://localhost:${web.port}`] : origins,
        ...simOpts,
      });
      cleanups.push(() => sim.stop());
    }
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    const errors = [];
    const page = await newPage(browser, { errors });
    return {
      web,
      sim,
      browser,
      page,
      errors,
      cleanup,
      open: (p = page, opts = {}) => openPanel(p, web, sim, opts),
      screenshot: (name, p = page) => screenshot(p, name),
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------
// Panel helpers

// The only console error a failed or refused socket causes (Chromium logs each one).
export const WS_FAILED = /^console\.error: WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/' failed: /;

export const sections = (page) => page.getByRole('navigation', { name: 'Sections' });

export const loadingStatus = (page) => page.getByRole('status').filter({ hasText: "Loading the server's state…" });

export async function nav(page, name) {
  await sections(page).getByRole('button', { name, exact: true }).click();
  // A page's chunk, and any a page loads in turn (a list's forms, the Overview's chart).
  await until(async () => (await page.locator('.lazy-loading').count()) === 0, 'the page has loaded');
}

// Every page stays mounted; the one on screen is the page that is not hidden.
export const currentPage = (page) => page.locator('div.page:not([hidden])');

export const listRegion = (page) => page.getByRole('region', { name: 'Entries' });

export const rowOf = (page, text) =>
  listRegion(page).getByRole('row').filter({ has: page.getByRole('cell', { name: text, exact: true }) });

export async function connectPanel(page) {
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await sections(page).waitFor();
  await loadingStatus(page).waitFor({ state: 'detached' });
}

export async function until(fn, what, ms = 10000, every = 50) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export function recordFrames(page) {
  const sent = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      const msg = JSON.parse(String(f.payload));
      for (const m of Array.isArray(msg) ? msg : [msg]) sent.push(m);
    }),
  );
  return sent;
}

export async function startConnected({ sim = {}, beforeOpen } = {}) {
  const env = await startEnv(null, { sim });
  const cleanup = env.cleanup;
  env.cleanup = async () => {
    await env.raw?.close().catch(() => {});
    await cleanup();
  };
  try {
    env.page.setDefaultTimeout(10000);
    env.raw = await rawClient(env.sim);
    await beforeOpen?.(env);
    await env.open();
    await connectPanel(env.page);
    return env;
  } catch (e) {
    await env.cleanup();
    throw e;
  }
}
