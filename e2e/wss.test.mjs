// TLS (the real server's default): over wss:// the panel connects once the browser trusts
// the certificate, and before that its checklist offers the page to trust it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectPanel, openPanel, sections, serveDist, startSim, launchBrowser } from './harness.mjs';

const WSS_FAILED = /^console\.error: WebSocket connection to 'wss:\/\/127\.0\.0\.1:\d+\/' failed: /;

test('wss: untrusted certificate gives the trust link; trusted, the panel connects', async (t) => {
  const web = await serveDist();
  t.after(() => web.close());
  const sim = await startSim({ origins: [web.origin], players: 2, args: ['--tls-self-signed'] });
  t.after(() => sim.stop());
  assert.match(sim.url, /^wss:\/\//);
  const browser = await launchBrowser();
  t.after(() => browser.close());

  // A fresh browser does not trust the self-signed certificate.
  const untrusted = await (await browser.newContext()).newPage();
  await openPanel(untrusted, web, sim);
  await untrusted.getByRole('button', { name: 'Connect', exact: true }).click();
  const checklist = untrusted.getByRole('alert').filter({ hasText: 'Could not connect' });
  await checklist.waitFor();
  const trust = checklist.getByRole('link', { name: new RegExp(`Open https://127\\.0\\.0\\.1:${sim.port}/ once`) });
  assert.equal(await trust.getAttribute('href'), `https://127.0.0.1:${sim.port}/`);

  // Once the certificate is trusted (here: the context ignores certificate errors).
  const errors = [];
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && !WSS_FAILED.test(`console.error: ${m.text()}`) && errors.push(m.text()));
  await openPanel(page, web, sim);
  await connectPanel(page);
  await sections(page).waitFor();
  await page.getByRole('heading', { name: /^Players online \d+$/ }).getByText('2').waitFor();
  assert.deepEqual(errors, []);
});
