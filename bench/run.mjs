// The "fast at any size" benchmark (`cargo xtask bench`, or `node bench/run.mjs [--small]`).
//
// One simulator (filled once from a generated state file), one headless Chromium, two pages
// doing the same work one after the other: the panel (the release bundle in dist/), then the
// floor (bench/floor.html, plain JS). Each figure is timed inside the page (epoch ms), ends
// when the DOM shows the result and that frame has been painted, and has a cap: a figure that
// reaches its cap is reported as such, never waited on forever. Pages are driven by role,
// label and text, as the e2e tests do, so the benchmark survives changes to the panel.
//
// Options: --small (200 entries, 200 joins: the CI smoke), --out FILE (default
// target/bench/latest.json, or latest-small.json with --small), --profile (each page's
// connect, removal and joins recorded as CPU profiles in target/bench/*.cpuprofile, their
// heaviest functions printed; with E2E_DIST=target/prof-dist from `cargo xtask bench
// --profile`, whose bundle keeps function names).
// Environment: MSMP_SIM_BIN, E2E_DIST, CHROMIUM as for e2e/harness.mjs; BENCH_COMMIT names the
// commit of a bundle from elsewhere (E2E_DIST outside this tree) in the figures.

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { DIST, ROOT, SIM_BIN, launchBrowser, listRegion, nav, newPage, rawClient } from '../e2e/harness.mjs';
import { PAGE_TOOLS } from './page_tools.mjs';

const args = process.argv.slice(2);
const SMALL = args.includes('--small');
const PROFILE = args.includes('--profile');
const outArg = args.indexOf('--out');
const OUT = outArg >= 0 ? args[outArg + 1] : path.join(ROOT, 'target/bench', SMALL ? 'latest-small.json' : 'latest.json');

const N = SMALL
  ? { allowlist: 200, bans: 200, ipBans: 200, operators: 20, joins: 200 }
  : { allowlist: 10000, bans: 10000, ipBans: 10000, operators: 1000, joins: 10000 };
const MIN = 60_000;
// Connect, filter, clear and removal are timed up to REPS times and the median reported
// (one run moves by a frame or two with frame timing and the other core's load); a figure
// of seconds needs no second run (nor does one that hit its cap).
const REPS = 5;
const again = (runs) => runs.every((x) => x.ok && x.ms < 5000);
// Caps per measurement. The joins get what is left of a 14-minute budget (at most 10 minutes).
const CAP = SMALL
  ? { connect: 2 * MIN, filter: MIN, removal: MIN, joins: 3 * MIN }
  : { connect: 3 * MIN, filter: 2 * MIN, removal: 2 * MIN, joins: 10 * MIN };
const BUDGET_MS = 14 * MIN;
const FLOOR_MS = 4 * MIN; // what the two floors' part of the budget is
const started = Date.now();

const name = (i) => `u${String(i).padStart(5, '0')}`; // u00001 … u10000: no hex letter, never inside a UUID
const uuid = (i, tag) => `${tag}${i.toString(16).padStart(7, '0')}-0000-4000-8000-000000000000`;
const FIRST = name(1);
const LAST = name(N.allowlist);

const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`, ...a);

// ---------------------------------------------------------------------------------------
// The simulator's state: lists of the wanted sizes, written once, read by the simulator.

function stateDoc() {
  const players = Array.from({ length: Math.max(N.allowlist, N.bans, N.operators) }, (_, k) => ({
    id: uuid(k + 1, '1'),
    name: name(k + 1),
  }));
  return {
    format: 1,
    allowlist: players.slice(0, N.allowlist),
    bans: players.slice(0, N.bans).map((player, k) => ({ player, reason: `benchmark ban ${k + 1}`, source: 'bench' })),
    // Documentation addresses (2001:db8::/32): list entries only, never contacted.
    ip_bans: Array.from({ length: N.ipBans }, (_, k) => ({
      ip: `2001:db8::${(k + 1).toString(16)}`,
      reason: `benchmark ip ban ${k + 1}`,
      source: 'bench',
    })),
    operators: players.slice(0, N.operators).map((player, k) => ({
      player,
      permissionLevel: (k % 4) + 1,
      bypassesPlayerLimit: k % 2 === 0,
    })),
  };
}

// The simulator generates the secret and prints it once on stdout (no secret on a command line).
async function startSim(origins) {
  if (!fs.existsSync(SIM_BIN)) throw new Error(`simulator binary not found at ${SIM_BIN} (cargo build -p msmp-sim)`);
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'msmp-bench-'));
  const stateFile = path.join(dir, 'state.json');
  await fsp.writeFile(stateFile, JSON.stringify(stateDoc()));
  const argv = ['--host', '127.0.0.1', '--port', '0', '--allowed-origins', origins.join(','), '--state-file', stateFile];
  const proc = spawn(SIM_BIN, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  proc.stderr.setEncoding('utf8').on('data', (c) => lines.push(...c.split('\n').filter(Boolean)));
  const sim = await new Promise((resolve, reject) => {
    let buf = '';
    const found = {};
    const timer = setTimeout(() => reject(new Error(`msmp-sim did not start in 120 s:\n${lines.join('\n')}`)), 120_000);
    proc.stdout.setEncoding('utf8').on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        const m = /^listening on (ws:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
        if (m) found.url = m[1];
        const s = /^secret: ([A-Za-z0-9]{40})$/.exec(line);
        if (s) found.secret = s[1];
        if (found.url && found.secret) {
          clearTimeout(timer);
          resolve(found);
        }
      }
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`msmp-sim exited (${code ?? signal}):\n${lines.join('\n')}`));
    });
  });
  sim.stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
    await fsp.rm(dir, { recursive: true, force: true });
  };
  return sim;
}

// ---------------------------------------------------------------------------------------
// dist/ at the root, bench/ under /bench/ (same origin, so one allowed origin serves both).

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

async function serve() {
  const roots = { dist: path.resolve(DIST), bench: path.join(ROOT, 'bench') };
  if (!fs.existsSync(path.join(roots.dist, 'index.html'))) throw new Error(`${roots.dist}/index.html missing: run \`cargo xtask dist\``);
  const server = http.createServer(async (req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [root, rel] = p.startsWith('/bench/') ? [roots.bench, p.slice(7)] : [roots.dist, p.slice(1) || 'index.html'];
    const file = path.resolve(root, rel);
    const body = file.startsWith(root + path.sep) ? await fsp.readFile(file).catch(() => null) : null;
    if (!body) return res.writeHead(p === '/favicon.ico' ? 204 : 404).end();
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

// ---------------------------------------------------------------------------------------
// The two pages: where each one keeps what the benchmark touches.

const fragment = (sim) => `#server=${encodeURIComponent(sim.url)}&secret=${encodeURIComponent(sim.secret)}`;

// Both pages have a "Sections" navigation, an "Entries" region per list with a "Filter" box,
// and a "Players online N" region on their Overview; only where they live differs.
const PAGES = {
  panel: (web, sim) => `${web.origin}/${fragment(sim)}`,
  floor: (web, sim, rows) => `${web.origin}/bench/floor.html${fragment(sim)}&rows=${rows}`,
};

// The run with the median time, all times beside it; a run that hit its cap wins (it is
// reported as not done).
function median(runs) {
  const capped = runs.find((x) => !x.ok);
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return { ...(capped ?? sorted[Math.floor((sorted.length - 1) / 2)]), runs: runs.map((x) => Math.round(x.ms * 10) / 10) };
}

// A page.evaluate that gives up `cap` + 1 minute from now: a page that never answers (its main
// thread stuck) must not hang the run.
async function capped(cap, promise) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the page did not answer in ${Math.round(cap / 1000) + 60} s`)), cap + MIN);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

// --profile: `fn` run under the CPU profiler, the profile written beside
// the figures and its heaviest functions by self time printed.
async function profiled(page, who, label, fn) {
  if (!PROFILE) return fn();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach().catch(() => {});
    const file = path.join(path.dirname(OUT), `${who}-${label}.cpuprofile`);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(file, JSON.stringify(profile));
    const self = new Map();
    const dt = new Map(); // sample index -> time delta
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    let total = 0;
    for (const [id, us] of dt) {
      const f = byNode.get(id).callFrame;
      const name = `${f.functionName || '(anonymous)'} ${f.url ? path.basename(f.url) : ''}`.trim();
      self.set(name, (self.get(name) ?? 0) + us);
      total += us;
    }
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
    log(`profile ${who} ${label}: ${(total / 1000).toFixed(0)} ms sampled, written to ${path.relative(ROOT, file)}`);
    for (const [name, us] of top) console.log(`  ${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name.slice(0, 110)}`);
  }
}

const JOIN_FRAME = 1000; // sim:notify calls per batch frame

function joinFrame(from, to) {
  const frame = [];
  for (let i = from; i < to; i++) {
    const player = { id: uuid(i + 1, '2'), name: `j${String(i + 1).padStart(5, '0')}` };
    const notification = { method: 'minecraft:notification/players/joined', params: player }; // sent as [player]
    frame.push({ jsonrpc: '2.0', id: i + 1, method: 'sim:notify', params: { notification } });
  }
  return frame;
}

async function measure(kind, browser, sim, web, joinCap, rows) {
  // The floor runs twice: drawing every row (the floor), and as many as the panel.
  const who = kind === 'floor' ? `floor-${rows === Infinity ? 'all' : rows}` : kind;
  const errors = [];
  // A fresh browser context per connect: nothing remembered from the last one.
  const open = async () => {
    const p = await newPage(browser, { errors });
    p.setDefaultTimeout(CAP.connect);
    await p.addInitScript(PAGE_TOOLS);
    await p.goto(PAGES[kind](web, sim, rows), { waitUntil: 'load' });
    return p;
  };
  let page = await open();
  const r = { errors };
  const raw = await rawClient(sim);
  try {
    // Connect -> the first allowlist rows are on screen; REPS page loads, the median kept.
    log(`${who}: connect`);
    const connects = [];
    for (let k = 0; k < REPS && again(connects); k++) {
      if (k > 0) {
        await page.context().close();
        page = await open();
      }
      const connect = page.getByRole('button', { name: 'Connect', exact: true });
      connects.push(
        await profiled(page, who, 'connect', async () => {
          await page.evaluate(() => window.__bench.armClick('connect'));
          await connect.click();
          const connected = capped(
            CAP.connect,
            page.evaluate(([first, cap]) => window.__bench.until('connect', () => window.__bench.shows(document.body, first), cap), [FIRST, CAP.connect]),
          );
          await nav(page, 'Allowlist'); // as soon as the navigation is there
          return connected;
        }),
      );
    }
    r.connect = median(connects);
    const list = listRegion(page);
    const region = await list.elementHandle();
    const box = await list.getByRole('searchbox', { name: 'Filter' }).elementHandle();
    // Everything drawn before the filter is timed: the list has not changed for a second.
    const quiet = await capped(
      CAP.connect,
      page.evaluate(([reg, cap]) => window.__bench.settled(reg, 1000, cap), [region, CAP.connect]),
    );
    if (!quiet) throw new Error(`${kind}: the allowlist kept changing for ${CAP.connect / 1000} s after connecting`);
    r.drawn = await page.evaluate((reg) => window.__bench.rows(reg), region);

    // Filter 10k -> 1 row (one input event, as a keystroke or a paste fires), then clear it;
    // REPS times each, the median kept (a figure of a few frames moves with frame timing).
    log(`${who}: filter`);
    const filters = [];
    const clears = [];
    await profiled(page, who, 'filter', async () => {
    for (let k = 0; k < REPS && again(filters) && again(clears); k++) {
      const needle = name(N.allowlist - k);
      filters.push(
        await capped(
          CAP.filter,
          page.evaluate(
            ([input, reg, needle, cap]) => {
              const b = window.__bench;
              b.start('filter', () => b.type(input, needle));
              return b.until('filter', () => b.rows(reg) === 1 && b.shows(reg, needle), cap);
            },
            [box, region, needle, CAP.filter],
          ),
        ),
      );
      clears.push(
        await capped(
          CAP.filter,
          page.evaluate(
            ([input, reg, first, cap]) => {
              const b = window.__bench;
              b.start('clear', () => b.type(input, ''));
              return b.until('clear', () => b.shows(reg, first), cap);
            },
            [box, region, FIRST, CAP.filter],
          ),
        ),
      );
    }
    });
    r.filter = median(filters);
    r.clear = median(clears);

    // allowlist/removed notifications, one at a time, for the first rows; the simulator's own
    // state stays as it is.
    log(`${who}: removal`);
    const removals = [];
    await profiled(page, who, 'removal', async () => {
    for (let k = 0; k < REPS && again(removals); k++) {
      const gone = name(k + 1);
      const removed = capped(
        CAP.removal,
        page.evaluate(
          async ([reg, gone, cap]) => {
            const b = window.__bench;
            const cond = () => b.find(reg, gone).length === 0;
            const dom = b.changed(reg, cond);
            const painted = await b.until('removal', cond, cap);
            return { ...painted, domAt: painted.ok ? await dom : null };
          },
          [region, gone, CAP.removal],
        ),
      );
      await page.evaluate((g) => window.__bench.expect(`"${g}"`), gone); // the watcher is in place
      const sent = Date.now();
      await raw.call('sim:notify', {
        notification: { method: 'minecraft:notification/allowlist/removed', params: { id: uuid(k + 1, '1'), name: gone } },
      });
      const x = await removed;
      // Timed from the frame's arrival in the page, as the target is stated; from the
      // call to the simulator when the page never saw it arrive.
      const arrived = await page.evaluate(() => window.__bench.arrived());
      const from = arrived ?? sent;
      removals.push({ ...x, ms: x.at - from, sinceCall: x.at - sent, fromArrival: arrived !== null, dom: x.domAt === null ? null : x.domAt - from });
    }
    });
    r.removal = median(removals);
    const applied = removals.filter((x) => x.ok && x.dom !== null);
    r.removalDom = applied.length ? median(applied.map((x) => ({ ok: true, ms: x.dom }))) : { ok: false, ms: 0 };
    r.removalFrames = removals.map((x) => (x.ok ? x.frames : null));

    // Memory with the lists loaded, after a full garbage collection.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    r.heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    await cdp.detach();
    r.wasm = await page.evaluate(() => window.__bench.wasmBytes());

    // A burst of joins until the "Players online N" heading counts them all (a list drawn in
    // pages shows only some of the names).
    const cap = joinCap();
    log(`${who}: ${N.joins} joins (cap ${Math.round(cap / 1000)} s)`);
    let last = null; // the watcher's last word, should the page stop answering
    page.on('console', (m) => {
      const hit = /^__bench joins (.*)$/.exec(m.text());
      if (hit) last = JSON.parse(hit[1]);
    });
    await nav(page, 'Overview');
    const online = await page.getByRole('region', { name: /^Players online \d+$/ }).elementHandle();
    const joined = capped(
      cap,
      page.evaluate(
        ([reg, n, cap]) => {
          const b = window.__bench;
          return b.until('joins', () => b.labelCount(reg) >= n, cap, 0, () => b.labelCount(reg));
        },
        [online, N.joins, cap],
      ),
    );
    await page.evaluate(() => window.__bench.now());
    let t0;
    r.joins = await profiled(page, who, 'joins', () => {
      t0 = Date.now();
      // Sent back to back: the simulator relays each call as one notification to every connection.
      for (let k = 0; k < N.joins; k += JOIN_FRAME) raw.ws.send(JSON.stringify(joinFrame(k, Math.min(N.joins, k + JOIN_FRAME))));
      return joined.catch((e) => {
        log(`${who}: ${e.message}; the last count it reported stands`);
        return { ok: false, at: last?.at ?? Date.now(), value: last?.value ?? 0, longest: null, lost: e.message };
      });
    });
    r.joins.ms = r.joins.at - t0;
    r.joins.cap = cap;
  } catch (e) {
    // What the page showed when it went wrong, for whoever reads the failure.
    const shot = path.join(path.dirname(OUT), `${who}-failure.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    const shown = await page.evaluate(() => document.body.innerText.slice(0, 2000)).catch(() => '(page did not answer)');
    log(`${who}: failed; screenshot ${path.relative(ROOT, shot)}; page errors: ${errors.join(' | ') || 'none'}\n${shown}`);
    throw e;
  } finally {
    await raw.close().catch(() => {});
    await page.context().close().catch(() => {});
  }
  return r;
}

// ---------------------------------------------------------------------------------------
// The report

const MB = 1024 * 1024;
const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 100 ? 1 : 0)} ms`);

function timed(x) {
  return x.ok ? { text: fmtMs(x.ms), value: x.ms } : { text: `not done after ${fmtMs(x.ms)}`, value: null, capped: true };
}

function joinsFigure(x) {
  const done = x.ok ? N.joins : x.value ?? 0;
  const rate = done / (x.ms / 1000);
  const text = x.ok ? `${fmtMs(x.ms)} (${rate.toFixed(0)}/s)` : `${done} of ${N.joins} after ${fmtMs(x.ms)} (${rate.toFixed(1)}/s)`;
  return { text, value: x.ms, done, rate, capped: !x.ok };
}

function rows(floor, panel) {
  const out = [];
  const add = (figure, f, p, ratio) => out.push({ figure, floor: f, panel: p, ratio });
  const ratioOf = (f, p) => (f.value && p.value ? p.value / f.value : null);
  for (const [key, label] of [
    ['connect', `connect -> first rows of the ${N.allowlist} allowlist on screen`],
    ['filter', `filter, ${N.allowlist} -> 1 row`],
    ['clear', 'clear the filter (first rows back)'],
    ['removalDom', `one allowlist/removed on ${N.allowlist} rows: row gone from the DOM (from its arrival)`],
    ['removal', '  ... and painted without it (from its arrival)'],
  ]) {
    const f = timed(floor[key]);
    const p = timed(panel[key]);
    add(label, f, p, ratioOf(f, p));
  }
  // 1 = the first frame the browser began after the notification arrived.
  const frames = (x) => (x.some((n) => n === null) ? { text: 'not all done', value: null } : { text: x.join(', '), value: Math.max(...x) });
  add('  ... in animation frame no. (each run; 1 = the next frame)', frames(floor.removalFrames), frames(panel.removalFrames), null);
  const fj = joinsFigure(floor.joins);
  const pj = joinsFigure(panel.joins);
  // Slower by the ratio of the rates, which also holds when one side stopped at its cap.
  add(`${N.joins} players/joined until all shown`, fj, pj, fj.rate && pj.rate ? fj.rate / pj.rate : null);
  const long = (x) => (x === null ? { text: 'not measurable', value: null } : { text: x ? fmtMs(x) : '< 50 ms', value: x || 50 });
  const fl = long(floor.joins.longest);
  const pl = long(panel.joins.longest);
  add('longest main-thread task during the joins', fl, pl, ratioOf(fl, pl));
  const mem = (b) => (b === null ? { text: 'not reachable', value: null } : { text: `${(b / MB).toFixed(1)} MB`, value: b });
  const fh = mem(floor.heap);
  const ph = mem(panel.heap);
  add('JS heap after GC (lists loaded)', fh, ph, ratioOf(fh, ph));
  const pw = panel.wasm === null ? { text: 'not reachable', value: null } : mem(panel.wasm);
  add('wasm memory (lists loaded)', { text: '-', value: null }, pw, null);
  const total = { text: mem(panel.heap + (panel.wasm ?? 0)).text, value: panel.heap + (panel.wasm ?? 0) };
  add('JS heap + wasm memory', fh, total, ratioOf(fh, total));
  return out;
}

// One line per figure: the panel beside both floors, with its ratio to each.
function merge(every, same, panel) {
  const a = rows(every, panel);
  const b = same ? rows(same, panel) : a;
  return a.map((l, i) => ({ figure: l.figure, every: l.floor, same: b[i].floor, panel: l.panel, ratioEvery: l.ratio, ratioSame: b[i].ratio }));
}

function table(lines, drawn) {
  const ratio = (r) => (r ? `${r.toFixed(1)}x` : '-');
  const head = ['figure', 'floor, every row', `floor, ${drawn} rows`, 'panel', 'ratio (every row)', `ratio (${drawn} rows)`];
  const cells = lines.map((l) => [l.figure, l.every.text, l.same.text, l.panel.text, ratio(l.ratioEvery), ratio(l.ratioSame)]);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((x, i) => x.padEnd(w[i])).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------

// What was measured: the commit (and whether the work tree differed), the bundle, the simulator.
function provenance() {
  const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const wasm = fs.readdirSync(DIST).find((f) => f.endsWith('_bg.wasm'));
  const inRoot = path.resolve(DIST).startsWith(ROOT + path.sep);
  return {
    // A bundle from elsewhere (E2E_DIST) says which commit it is with BENCH_COMMIT.
    commit: process.env.BENCH_COMMIT || (inRoot ? git('rev-parse', '--short', 'HEAD') : 'unknown'),
    work_tree_changed: !process.env.BENCH_COMMIT && inRoot && git('status', '--porcelain', '--untracked-files=no').length > 0,
    bundle: wasm ? { wasm, bytes: fs.statSync(path.join(DIST, wasm)).size, built: fs.statSync(path.join(DIST, wasm)).mtime } : null,
    simulator: path.relative(ROOT, SIM_BIN),
  };
}

async function main() {
  const p = provenance();
  log(`commit ${p.commit}${p.work_tree_changed ? ' (work tree changed)' : ''}, bundle ${p.bundle?.wasm} built ${p.bundle?.built.toISOString()}`);
  log(`benchmark (${SMALL ? 'small' : 'full'}): allowlist ${N.allowlist}, bans ${N.bans}, IP bans ${N.ipBans}, operators ${N.operators}, joins ${N.joins}`);
  const cleanups = [];
  try {
    const web = await serve();
    cleanups.push(web.close);
    const sim = await startSim([web.origin]);
    cleanups.push(sim.stop);
    log(`simulator ready (${path.relative(ROOT, SIM_BIN)}), pages from ${web.origin}`);
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    // The panel first; then the floor as the issue defines it (every row of every list
    // written), and, when the panel draws fewer (one page), the floor drawing as many rows
    // as the panel: the stricter comparison. The panel's joins get what is left of the
    // budget but the floors' share, between 1 and 10 minutes.
    const panel = await measure('panel', browser, sim, web, () =>
      Math.max(MIN, Math.min(CAP.joins, BUDGET_MS - FLOOR_MS - (Date.now() - started))),
    );
    const floorCap = () => Math.min(CAP.joins, 2 * MIN);
    const every = await measure('floor', browser, sim, web, floorCap, Infinity);
    const same = panel.drawn < every.drawn ? await measure('floor', browser, sim, web, floorCap, panel.drawn) : null;
    const lines = merge(every, same, panel);
    console.log(`\nrows drawn per list: panel ${panel.drawn}, floors ${every.drawn} and ${same?.drawn ?? every.drawn}\n${table(lines, panel.drawn)}\n`);
    console.log('ratio: panel / floor (times slower or bigger); joins: floor rate / panel rate');
    for (const [kind, r] of [['floor (every row)', every], ['floor (same rows)', same], ['panel', panel]]) {
      if (r?.errors.length) console.log(`${kind} page errors:\n  ${r.errors.slice(0, 10).join('\n  ')}`);
    }
    const doc = {
      when: new Date().toISOString(),
      ...provenance(),
      mode: SMALL ? 'small' : 'full',
      sizes: N,
      seconds: Math.round((Date.now() - started) / 1000),
      rows_drawn: { panel: panel.drawn, floor_every: every.drawn, floor_same: same?.drawn ?? every.drawn },
      figures: lines.map((l) => ({
        figure: l.figure,
        floor_every: l.every.text,
        floor_same: l.same.text,
        panel: l.panel.text,
        floor_every_value: l.every.value,
        floor_same_value: l.same.value,
        panel_value: l.panel.value,
        ratio_every: l.ratioEvery,
        ratio_same: l.ratioSame,
      })),
      raw: { floor_every: every, floor_same: same, panel },
    };
    await fsp.mkdir(path.dirname(OUT), { recursive: true });
    await fsp.writeFile(OUT, `${JSON.stringify(doc, null, 2)}\n`);
    log(`figures written to ${path.relative(ROOT, OUT)}`);
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(1);
});
