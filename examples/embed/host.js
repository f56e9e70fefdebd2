// The host's side of the panel's postMessage protocol (README, "Embedding the panel").
//
// `server.json` stands for your own API: in production it is an authenticated request to
// your backend, which answers only a logged-in owner of this server with its address and
// management secret. The secret then goes to the panel's frame by postMessage, addressed
// to the panel's exact origin: never in the frame's URL, where it would reach logs,
// history and Referer headers.
const frame = document.getElementById('panel');
const log = document.getElementById('log');

async function main() {
  const server = await (await fetch('server.json', { cache: 'no-store' })).json();
  const panelOrigin = new URL(server.panelUrl).origin;
  document.getElementById('name').textContent = server.name;

  window.addEventListener('message', (ev) => {
    // Only the panel in our frame speaks for it.
    if (ev.origin !== panelOrigin || ev.source !== frame.contentWindow) return;
    const m = ev.data ?? {};
    const item = document.createElement('li');
    item.textContent = JSON.stringify(m);
    log.append(item);
    if (m.type === 'msmp-panel:ready') {
      // Sent again whenever the panel (re)loads: it keeps the secret in memory only.
      frame.contentWindow.postMessage(
        { type: 'msmp-panel:connect', url: server.url, secret: server.secret, name: server.name },
        panelOrigin,
      );
    } else if (m.type === 'msmp-panel:status') {
      document.getElementById('state').textContent = m.state;
    }
  });
  frame.src = server.panelUrl;
}

main().catch((e) => {
  document.getElementById('state').textContent = `failed: ${e.message}`;
});
