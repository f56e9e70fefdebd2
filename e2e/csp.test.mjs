// The release index.html carries a strict Content-Security-Policy (xtask/csp.mjs), and the
// panel works under it: connecting, visiting pages and downloading raise no violation. The
// detector is shown to work on a copy of the bundle with one unhashed inline script.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DIST, nav, newPage, serveDist, startConnected } from './harness.mjs';

let env, page;

// Records every securitypolicyviolation in the page (an init script runs before the page's
// own scripts, and the policy does not apply to it).
const RECORD_VIOLATIONS = () => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI}`),
  );
};
const violations = (p) => p.evaluate(() => window.__cspViolations);
const cspErrors = (errors) => errors.filter((e) => /Content Security Policy/i.test(e));

before(async () => {
  env = await startConnected({
    sim: { players: 2 },
    beforeOpen: (e) => e.page.addInitScript(RECORD_VIOLATIONS),
  });
  ({ page } = env);
});
after(() => env?.cleanup());

/// The policy of the page `web` serves, as { directive: [sources] }, and the page itself.
async function servedPolicy(origin) {
  const html = await (await fetch(`${origin}/`)).text();
  const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)];
  assert.equal(metas.length, 1, 'one Content-Security-Policy meta');
  const policy = {};
  for (const part of metas[0][1].split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy[name] = sources;
  }
  return { html, policy, at: metas[0].index };
}

test('the served index.html carries the policy, with a hash for every inline script', async () => {
  const { html, policy, at } = await servedPolicy(env.web.origin);
  assert.deepEqual(policy['default-src'], ["'none'"]);
  assert.deepEqual(policy['object-src'], ["'none'"]);
  assert.deepEqual(policy['base-uri'], ["'none'"]);
  assert.deepEqual(policy['form-action'], ["'none'"]);
  assert.deepEqual(policy['img-src'], ["'self'"]);
  assert.equal(policy['style-src'][0], "'self'");
  assert.ok(policy['style-src'].slice(1).every((s) => s.startsWith("'sha256-")), policy['style-src'].join(' '));
  assert.deepEqual(policy['connect-src'].sort(), ["'self'", 'ws:', 'wss:']);
  const script = policy['script-src'];
  assert.ok(script.includes("'self'") && script.includes("'wasm-unsafe-eval'"), script.join(' '));
  for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'blob:']) {
    assert.ok(!script.includes(loose), `script-src allows ${loose}`);
  }
  // Every inline script is allowed by its own hash, and nothing else is hashed.
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter((m) => !/\ssrc=/i.test(m[1]));
  assert.ok(inline.length >= 1, "Trunk's bootstrap script is inline");
  const hashes = inline.map((m) => `'sha256-${createHash('sha256').update(m[2]).digest('base64')}'`);
  assert.deepEqual(script.filter((s) => s.startsWith("'sha256-")).sort(), hashes.sort());
  // A meta policy governs only what follows it.
  const firstResource = html.search(/<script|<link/i);
  assert.ok(at < firstResource, 'the policy comes before every script and link');
});

test('connect, every kind of page and a download raise no policy violation', async () => {
  for (const name of ['Players', 'Allowlist', 'Server', 'Settings', 'Game rules', 'API explorer', 'Events', 'Overview']) {
    await nav(page, name);
  }
  await nav(page, 'Events');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'msmp-events.json');
  const events = JSON.parse(await fs.readFile(await download.path(), 'utf8'));
  assert.ok(Array.isArray(events), 'the blob: download arrived whole');
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(env.errors, []);
});

test('the check fails on an inline script without a hash', async (t) => {
  // The same bundle, with one extra inline script after the policy.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'msmp-csp-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  await fs.cp(DIST, dir, { recursive: true });
  const index = path.join(dir, 'index.html');
  const html = await fs.readFile(index, 'utf8');
  await fs.writeFile(index, html.replace('</head>', '<script>window.__unhashed = true</script></head>'));
  const web = await serveDist({ dir });
  t.after(() => web.close());
  const errors = [];
  const p = await newPage(env.browser, { errors });
  t.after(() => p.context().close());
  await p.addInitScript(RECORD_VIOLATIONS);
  p.setDefaultTimeout(10000);
  await p.goto(`${web.origin}/`);
  // The panel itself still starts (its bootstrap is hashed); only the extra script is refused.
  await p.getByRole('button', { name: 'Connect', exact: true }).waitFor();
  assert.equal(await p.evaluate(() => window.__unhashed), undefined, 'the unhashed script did not run');
  assert.deepEqual(await violations(p), ['script-src-elem blocked inline']);
  assert.equal(cspErrors(errors).length, 1, errors.join('\n'));
});
