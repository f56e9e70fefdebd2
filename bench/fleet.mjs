// The fleet benchmark (`cargo xtask bench`; `node bench/fleet.mjs [--small]`): one tab with
// 100 simulated servers (`msmp-sim --count 100`, 20 players each, `--activity`), opened by
// one link. Figures, no asserts: time until all are connected, how long a join on one server
// takes to show in its row of the "Servers" table (from the call to the simulator to the
// row's DOM change), the longest main-thread task in steady state, JS heap and wasm memory.
// --small: 10 servers (the CI smoke). Writes target/bench/fleet.json (fleet-small.json).
// Environment: MSMP_SIM_BIN, E2E_DIST, CHROMIUM as for e2e/harness.mjs.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ROOT, SIM_BIN, launchBrowser, newPage, rawClient, serveDist } from '../e2e/harness.mjs';
import { PAGE_TOOLS } from './page_tools.mjs';

const SMALL = process.argv.includes('--small');
const SERVERS = SMALL ? 10 : 100;
const PLAYERS = 20;
const JOINS = 10;
const STEADY_MS = SMALL ? 5000 : 20000;
const OUT = path.join(ROOT, 'target/bench', SMALL ? 'fleet-small.json' : 'fleet.json');
const started = Date.now();
const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`, ...a);
const secret = Array.from({ length: 40 }, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[Math.floor(Math.random() * 62)]).join('');

async function startSims(origin) {
  const dir = await fsp.mkdtemp(path.join(ROOT, 'target/bench-fleet-'));
  const argv = ['--host', '127.0.0.1', '--port', '0', '--count', String(SERVERS), '--players', String(PLAYERS),
    '--activity', '--heartbeat', '5', '--allowed-origins', origin, '--state-file', path.join(dir, 'state.json')];
  const proc = spawn(SIM_BIN, argv, { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, MSMP_SIM_SECRET: secret } });
  const urls = await new Promise((resolve, reject) => {
    const found = [];
    let buf = '';
    const timer = setTimeout(() => reject(new Error('msmp-sim did not start in 60 s')), 60_000);
    proc.stdout.setEncoding('utf8').on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const m = /^listening on (ws:\/\/\S+)$/.exec(buf.slice(0, i).trim());
        buf = buf.slice(i + 1);
        if (m) found.push(m[1]);
        if (found.length === SERVERS) {
          clearTimeout(timer);
          resolve(found);
        }
      }
    });
    proc.on('exit', (code) => reject(new Error(`msmp-sim exited (${code})`)));
  });
  const stop = async () => {
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    await exited;
    await fsp.rm(dir, { recursive: true, force: true });
  };
  return { urls, stop };
}

// Installed in the page: every change of a row's Players cell text (not the heartbeat age,
// which changes every second), with the page's clock.
function rowWatch() {
  window.__rows = [];
  const last = new Map();
  const start = () => {
    const table = document.querySelector('table[aria-label="Servers"]');
    if (!table) return setTimeout(start, 50);
    new MutationObserver((records) => {
      const now = performance.timeOrigin + performance.now();
      for (const r of records) {
        const tr = (r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest('tr');
        const cells = tr?.querySelectorAll('td');
        if (!(cells?.length > 5)) continue;
        const [name, players] = [cells[0].innerText, cells[5].innerText];
        if (last.get(name) !== players) window.__rows.push([now, name, players]);
        last.set(name, players);
      }
    }).observe(table, { childList: true, subtree: true, characterData: true });
  };
  start();
}

async function main() {
  log(`fleet benchmark: ${SERVERS} servers, ${PLAYERS} players each, --activity`);
  const web = await serveDist();
  const sims = await startSims(web.origin);
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser, { errors: [] });
    await page.addInitScript(PAGE_TOOLS);
    const fragment = sims.urls
      .map((u, i) => `server=${encodeURIComponent(u)}&secret=${secret}&name=S${i + 1}`)
      .join('&');
    const t0 = Date.now();
    await page.goto(`${web.origin}/#${fragment}`);
    const all = page.getByRole('status').filter({ hasText: `${SERVERS} of ${SERVERS} servers connected` });
    await all.waitFor({ timeout: 120_000 });
    const connectMs = Date.now() - t0;
    log(`all ${SERVERS} connected after ${connectMs} ms`);
    await page.evaluate(`(${rowWatch.toString()})()`);

    // Joins on servers spread over the table, one at a time.
    const latencies = [];
    for (let j = 0; j < JOINS; j++) {
      const k = Math.floor(((j + 0.5) * SERVERS) / JOINS);
      const raw = await rawClient({ url: sims.urls[k], secret });
      // A server at its 20 players would turn the joiner away.
      await raw.call('minecraft:serversettings/max_players/set', [1000]);
      await new Promise((r) => setTimeout(r, 200));
      const sent = Date.now();
      await raw.call('sim:players/join', [{ name: `Bench${j}` }]);
      // The row must show the count with the joiner (activity may move it again later).
      const online = (await raw.call('minecraft:players')).length;
      let shown = null;
      for (let tries = 0; tries < 100 && shown === null; tries++) {
        shown = await page.evaluate(
          ([name, after, want]) => window.__rows.find((r) => r[1] === name && r[0] >= after && r[2].startsWith(want))?.[0] ?? null,
          [`S${k + 1}`, sent, `${online} /`],
        );
        if (shown === null) await new Promise((r) => setTimeout(r, 20));
      }
      await raw.close();
      latencies.push(shown === null ? null : Math.round(shown - sent));
    }
    log(`join → its row: ${latencies.join(', ')} ms`);

    // Steady state: the tab with every server live, heartbeats and activity coming in.
    const from = Date.now();
    await new Promise((r) => setTimeout(r, STEADY_MS));
    const longest = await page.evaluate(([a, b]) => window.__bench.longest(a, b), [from, Date.now()]);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    await cdp.detach();
    const wasm = await page.evaluate(() => window.__bench.wasmBytes());
    const connected = await all.count();
    const ok = latencies.filter((x) => x !== null).sort((a, b) => a - b);
    const mb = (n) => (n === null ? '-' : `${(n / 1048576).toFixed(1)} MB`);
    const figures = {
      servers: SERVERS,
      players_each: PLAYERS,
      connect_all_ms: connectMs,
      still_all_connected: connected === 1,
      join_to_row_ms: latencies,
      join_to_row_median_ms: ok.length ? ok[Math.floor(ok.length / 2)] : null,
      join_to_row_max_ms: ok.length ? ok[ok.length - 1] : null,
      longest_task_steady_ms: longest,
      steady_seconds: STEADY_MS / 1000,
      js_heap_bytes: heap,
      wasm_memory_bytes: wasm,
    };
    console.log(`
  fleet of ${SERVERS} servers × ${PLAYERS} players, --activity     target
  all connected after            ${connectMs} ms
  join on one → shown in its row  median ${figures.join_to_row_median_ms} ms, max ${figures.join_to_row_max_ms} ms   ≤ 1000 ms
  longest task, ${STEADY_MS / 1000} s steady     ${longest === 0 ? '< 50' : longest} ms              ≤ 100 ms
  JS heap after GC               ${mb(heap)}            ≤ 150 MB
  wasm memory                    ${mb(wasm)}
  still ${SERVERS} of ${SERVERS} connected     ${connected === 1 ? 'yes' : 'NO'}
`);
    await fsp.mkdir(path.dirname(OUT), { recursive: true });
    await fsp.writeFile(OUT, `${JSON.stringify({ when: new Date().toISOString(), ...figures }, null, 2)}\n`);
    log(`figures written to ${path.relative(ROOT, OUT)}`);
    if (connected !== 1 || ok.length !== JOINS) process.exitCode = 1;
  } finally {
    await browser.close();
    await sims.stop();
    await web.close();
  }
}

main().catch((e) => {
  console.error(`bench/fleet: ${e.stack ?? e}`);
  process.exit(1);
});
