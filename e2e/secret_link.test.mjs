// A remembered secret belongs to the address it was saved for: a crafted link that names
// another server (#server=… without a secret) must never make the panel send it there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { WebSocketServer } from 'ws';
import { WS_FAILED, newPage, openPanel, sections, startEnv } from './harness.mjs';

let env;
before(async () => {
  env = await startEnv(null, {});
  env.page.setDefaultTimeout(10000);
});
after(() => env?.cleanup());

/// A WebSocket listener that records every handshake's headers (what an attacker would log).
async function listener() {
  const server = http.createServer();
  const wss = new WebSocketServer({ server, handleProtocols: (p) => [...p][0] ?? false });
  const handshakes = [];
  wss.on('headers', (_h, req) => handshakes.push({ ...req.headers }));
  server.on('upgrade', (req) => handshakes.push({ ...req.headers }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `ws://127.0.0.1:${server.address().port}`,
    handshakes,
    close: () => new Promise((r) => { wss.close(); server.close(r); }),
  };
}

const secretsStored = (page) => page.evaluate(() => localStorage.getItem('msmp-panel.secrets') ?? '');

test('a link to another server never gets the secret remembered for ours', async (t) => {
  const { page, sim } = env;
  // Remember the simulator's secret the normal way: tick the box and connect.
  await env.open();
  await page.getByRole('checkbox', { name: 'Remember on this device' }).check();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await sections(page).waitFor();
  assert.ok((await secretsStored(page)).includes(sim.secret), 'remembered on this device');
  await page.getByRole('button', { name: 'Disconnect' }).click();

  // The crafted link: same panel, another server, no secret in it.
  const evil = await listener();
  t.after(() => evil.close());
  const errors = [];
  const victim = await page.context().newPage();
  victim.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await openPanel(victim, env.web, null, { server: evil.url });
  const address = victim.getByRole('textbox', { name: 'Server address' });
  assert.equal(await address.inputValue(), evil.url);
  // The address is flagged as coming from the link, and no secret is offered for it.
  await victim.getByText('This address comes from the link you opened').waitFor();
  assert.equal(await victim.getByLabel('Secret', { exact: true }).inputValue(), '');
  assert.equal(await victim.getByRole('checkbox', { name: 'Remember on this device' }).isChecked(), false);
  await victim.screenshot({ path: 'target/e2e-screenshots/connect-from-link.png', fullPage: true });
  await victim.getByRole('button', { name: 'Connect', exact: true }).click();
  await victim.getByRole('alert').filter({ hasText: 'exactly 40 letters and digits' }).waitFor();

  // Typing our own address back offers the saved secret again, for that address only.
  await address.fill(sim.url);
  assert.equal(await victim.getByLabel('Secret', { exact: true }).inputValue(), sim.secret);
  await address.fill(evil.url);
  assert.equal(await victim.getByLabel('Secret', { exact: true }).inputValue(), '');
  await victim.getByRole('button', { name: 'Connect', exact: true }).click();
  await victim.getByRole('alert').filter({ hasText: 'exactly 40 letters and digits' }).waitFor();

  // Whatever happened, the listener never saw the secret in any header.
  for (const h of evil.handshakes) {
    assert.ok(!JSON.stringify(h).includes(sim.secret), `secret leaked: ${JSON.stringify(h)}`);
  }
  assert.deepEqual(errors.filter((e) => !WS_FAILED.test(`console.error: ${e}`)), []);
  await victim.close();
});

test('"Forget saved secret" removes it from this browser at once', async () => {
  const page = await newPage(env.browser);
  page.setDefaultTimeout(10000);
  const { sim } = env;
  await openPanel(page, env.web, sim);
  await page.getByRole('checkbox', { name: 'Remember on this device' }).check();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await sections(page).waitFor();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  // A fresh load without any link: the saved secret is offered for the saved address.
  await page.goto(env.web.origin + '/');
  assert.equal(await page.getByLabel('Secret', { exact: true }).inputValue(), sim.secret);
  await page.getByText('A secret is saved on this device for this address.').waitFor();
  await page.getByRole('button', { name: 'Forget saved secret' }).click();
  // Gone from storage right away, not on the next submit.
  assert.equal(await secretsStored(page), '');
  assert.equal(await page.getByLabel('Secret', { exact: true }).inputValue(), '');
  await page.reload();
  assert.equal(await page.getByLabel('Secret', { exact: true }).inputValue(), '');
  await page.context().close();
});
