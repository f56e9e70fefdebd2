// The benchmark's floor: what a plain-JS page needs to do the work the panel does, with no
// framework and no state layer. Same socket and secret handling, one rpc.discover, one batch
// of the same getters, the four lists written with innerHTML, a filter, joins appended and
// removals applied. bench/run.mjs drives it exactly as it drives the panel.
'use strict';

const LISTS = ['allowlist', 'bans', 'ip_bans', 'operators'];
const FIXED_GETTERS = LISTS.map((l) => `minecraft:${l}`).concat(['minecraft:players', 'minecraft:server/status', 'minecraft:gamerules']);
const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c]);
const $ = (id) => document.getElementById(id);

// Server and secret come in the fragment (never sent to any server) and leave the address bar.
const hash = new URLSearchParams(location.hash.slice(1));
const server = hash.get('server');
const secret = hash.get('secret');
// How many rows a list draws (the panel's page size, which bench/run.mjs measures); all by default.
const ROWS = Number(hash.get('rows')) || Infinity;
history.replaceState(null, '', location.pathname);

const state = { allowlist: [], bans: [], ip_bans: [], operators: [], players: [], other: {} };
let nextId = 1;
let ws;

const key = (p) => (p?.name ? p.name.toLowerCase() : p?.id ?? '');
const cellsOf = {
  allowlist: (p) => [p.name, p.id],
  bans: (b) => [b.player?.name ?? b.player?.id, b.reason, b.source, b.expires ?? 'never'],
  ip_bans: (b) => [b.ip, b.reason, b.source, b.expires ?? 'never'],
  operators: (o) => [o.player?.name ?? o.player?.id, o.permissionLevel, o.bypassesPlayerLimit ? 'yes' : 'no'],
};
const keyOf = {
  allowlist: key,
  bans: (b) => key(b.player),
  ip_bans: (b) => b.ip,
  operators: (o) => key(o.player),
};

function rowHtml(list, entry) {
  const cells = cellsOf[list](entry);
  return `<tr data-k="${esc(keyOf[list](entry))}"><td><input type="checkbox" aria-label="Select ${esc(cells[0])}"></td>${cells
    .map((c) => `<td>${esc(c)}</td>`)
    .join('')}</tr>`;
}

function renderList(list, entries = state[list]) {
  $(list).innerHTML = entries
    .slice(0, ROWS)
    .map((e) => rowHtml(list, e))
    .join('');
}

function shownAllowlist() {
  const needle = $('filter').value.trim().toLowerCase();
  return needle
    ? state.allowlist.filter((p) => cellsOf.allowlist(p).some((c) => String(c ?? '').toLowerCase().includes(needle)))
    : state.allowlist;
}

function renderAllowlist() {
  renderList('allowlist', shownAllowlist());
}

const li = (p) => `<li>${esc(p.name ?? p.id)}</li>`;

function renderPlayers() {
  $('online').innerHTML = state.players.slice(0, ROWS).map(li).join('');
  $('online-count').textContent = String(state.players.length);
}

// Joins are appended once per frame, however many arrive in between, up to ROWS names.
let joined = [];
function flushJoins() {
  const room = Math.max(0, ROWS - $('online').childElementCount);
  $('online').insertAdjacentHTML('beforeend', joined.slice(0, room).map(li).join(''));
  joined = [];
  $('online-count').textContent = String(state.players.length);
}

function onNotification(method, params) {
  const arg = Array.isArray(params) ? params[0] : params;
  switch (method) {
    case 'minecraft:notification/players/joined':
      state.players.push(arg);
      if (!joined.length) requestAnimationFrame(flushJoins);
      joined.push(arg);
      break;
    case 'minecraft:notification/players/left':
      state.players = state.players.filter((p) => key(p) !== key(arg));
      renderPlayers();
      break;
    case 'minecraft:notification/allowlist/added':
      if (!state.allowlist.some((p) => key(p) === key(arg))) state.allowlist.push(arg);
      renderAllowlist();
      break;
    case 'minecraft:notification/allowlist/removed': {
      const k = key(arg);
      state.allowlist = state.allowlist.filter((p) => key(p) !== k);
      const row = $('allowlist').querySelector(`tr[data-k="${CSS.escape(k)}"]`);
      if (row) {
        row.remove();
        // The next entry moves up into a full window.
        const next = shownAllowlist()[ROWS - 1];
        if (next) $('allowlist').insertAdjacentHTML('beforeend', rowHtml('allowlist', next));
      }
      break;
    }
    default:
      break;
  }
}

function send(frame) {
  ws.send(JSON.stringify(frame));
}

function onBatch(replies) {
  for (const r of replies) {
    const name = r.method;
    if (!r.result) continue;
    const short = name.replace(/^minecraft:/, '');
    if (LISTS.includes(short) || short === 'players') state[short] = r.result;
    else state.other[short] = r.result;
  }
  for (const l of LISTS) renderList(l);
  renderPlayers();
  $('link').textContent = 'Connected';
}

function connect() {
  $('link').textContent = 'Connecting…';
  ws = new WebSocket(server, ['minecraft-v1', secret]);
  const pending = new Map();
  ws.onopen = () => {
    const id = nextId++;
    pending.set(id, (doc) => {
      const offered = new Set((doc.methods ?? []).map((m) => m.name));
      const getters = FIXED_GETTERS.concat(
        [...offered].filter((n) => n.startsWith('minecraft:serversettings/') && !n.endsWith('/set')),
      ).filter((n) => offered.has(n));
      const calls = getters.map((method) => ({ jsonrpc: '2.0', id: nextId++, method }));
      const batch = { ids: new Map(calls.map((c) => [c.id, c.method])) };
      pending.set('batch', batch);
      send(calls);
    });
    send({ jsonrpc: '2.0', id, method: 'rpc.discover' });
  };
  ws.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (Array.isArray(msg)) {
      const batch = pending.get('batch');
      pending.delete('batch');
      onBatch(msg.map((r) => ({ method: batch?.ids.get(r.id) ?? '', result: r.result })));
    } else if (msg.method && msg.id === undefined) {
      onNotification(msg.method, msg.params);
    } else if (pending.has(msg.id)) {
      const f = pending.get(msg.id);
      pending.delete(msg.id);
      f(msg.result ?? {});
    }
  };
  ws.onclose = () => {
    $('link').textContent = 'Disconnected';
  };
}

function show(page) {
  for (const el of document.querySelectorAll('div.page')) el.hidden = el.dataset.page !== page;
}

for (const b of document.querySelectorAll('nav button')) b.addEventListener('click', () => show(b.dataset.page));
$('connect').addEventListener('click', connect);
$('filter').addEventListener('input', renderAllowlist);
