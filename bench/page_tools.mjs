// Installed in both pages before any of their scripts (addInitScript) as `window.__bench`:
// what the benchmark watches from inside the page, with the page's own clock.
function tools() {
  const now = () => performance.timeOrigin + performance.now();
  const long = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push([performance.timeOrigin + e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long-task timing in this browser: longest() says so
  }
  // The page's WebAssembly memories, caught as its modules are instantiated.
  const memories = [];
  const grab = (result) => {
    try {
      const exports = (result.instance ?? result).exports ?? {};
      for (const v of Object.values(exports)) if (v instanceof WebAssembly.Memory) memories.push(v);
    } catch {
      // not an instance: nothing to grab
    }
    return result;
  };
  for (const fn of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[fn];
    if (orig) WebAssembly[fn] = function (...a) { return orig.apply(this, a).then(grab); };
  }

  // When a socket frame containing a watched text first arrived (`expect`, `arrived`): a
  // listener on every WebSocket the page opens, ahead of the page's own handler.
  let needle = null;
  let arrived = null;
  const NativeSocket = window.WebSocket;
  if (NativeSocket) {
    window.WebSocket = class extends NativeSocket {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          if (needle !== null && arrived === null && typeof e.data === 'string' && e.data.includes(needle)) arrived = now();
        });
      }
    };
  }

  const ROW = 'tr:has(> td), [role=row]:has(> [role=cell], > [role=gridcell])';
  const starts = {};
  const b = {
    now,
    // Elements under `root` whose own text is exactly `text`.
    find(root, text) {
      const out = [];
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.data.trim() === text) out.push(n.parentElement);
      return out;
    },
    // Whether `text` is on screen under `root` (stops at the first visible one).
    shows(root, text) {
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (n.data.trim() === text && n.parentElement.checkVisibility()) return true;
      }
      return false;
    },
    // Data rows (rows with cells, not header rows) under `root`.
    rows: (root) => root.querySelectorAll(ROW).length,
    // Joined players' names (j00001 …) under `root`.
    // The last number in an element's label (aria-labelledby or aria-label): the count a
    // heading like "Players online 42" shows, which holds however few rows are drawn.
    labelCount(el) {
      const ids = el.getAttribute('aria-labelledby');
      const text = ids
        ? ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
        : el.getAttribute('aria-label') ?? '';
      const nums = text.match(/\d+/g);
      return nums ? Number(nums[nums.length - 1]) : -1;
    },
    // Resolves once nothing under `root` has changed for `quietMs` (or at `cap`).
    settled(root, quietMs, cap) {
      return new Promise((resolve) => {
        const t0 = now();
        let last = now();
        const mo = new MutationObserver(() => (last = now()));
        mo.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
        const tick = () => {
          if (now() - last >= quietMs || now() - t0 > cap) {
            mo.disconnect();
            resolve(now() - last >= quietMs);
          } else setTimeout(tick, 50);
        };
        tick();
      });
    },
    // Sets an input's value and fires the one `input` event a keystroke or a paste fires.
    type(input, value) {
      input.focus();
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: value ? 'insertText' : 'deleteContentBackward', data: value || null }));
    },
    // The next click anywhere (a real one, from the driver) starts `label`.
    armClick(label) {
      document.addEventListener('click', () => (starts[label] ??= now()), { capture: true, once: true });
    },
    start(label, fn) {
      starts[label] = now();
      fn();
    },
    // Resolves once `cond()` holds and the frame showing it has been painted, or at `cap` ms:
    // { ok, at (epoch ms), ms (since start(label), if any), value (progress(), if given),
    // longest (task since the watch began) }. With `progress`, also logs
    // `__bench <label> {"value","at"}` to the console twice a second, which reaches the driver
    // even while the page is too busy to answer it.
    // `frames` counts the animation frames begun after the watched socket frame arrived, this
    // one included: 1 = the first frame painted after it.
    until(label, cond, cap, everyMs = 0, progress = null) {
      const t0 = starts[label] ?? now();
      const watched = now();
      let reported = 0;
      let frames = 0;
      return new Promise((resolve) => {
        const check = () => {
          if (arrived !== null) frames++;
          let ok = false;
          try {
            ok = cond();
          } catch {
            // not there yet
          }
          if (progress && now() - reported > 500) {
            reported = now();
            console.debug(`__bench ${label} ${JSON.stringify({ value: progress(), at: reported })}`);
          }
          const done = () => {
            const at = now();
            resolve({ ok, at, ms: at - t0, frames, value: progress ? progress() : undefined, longest: b.longest(watched, at) });
          };
          if (ok) {
            // A task posted from a frame callback runs after that frame is painted.
            const ch = new MessageChannel();
            ch.port1.onmessage = done;
            ch.port2.postMessage(0);
          } else if (now() - t0 > cap) {
            done();
          } else if (everyMs) {
            setTimeout(() => requestAnimationFrame(check), everyMs);
          } else {
            requestAnimationFrame(check);
          }
        };
        requestAnimationFrame(check);
      });
    },
    // When the DOM under `root` first changed so that `cond()` holds (epoch ms): the page's
    // own work, before the browser paints it.
    changed(root, cond) {
      return new Promise((resolve) => {
        const mo = new MutationObserver(() => {
          if (!cond()) return;
          mo.disconnect();
          resolve(now());
        });
        mo.observe(root, { childList: true, subtree: true, characterData: true });
      });
    },
    // The longest main-thread task overlapping [from, to] (epoch ms); 0 = none over 50 ms.
    longest(from, to) {
      if (!PerformanceObserver.supportedEntryTypes?.includes('longtask')) return null;
      let max = 0;
      for (const [start, d] of long) if (start <= to && start + d >= from) max = Math.max(max, d);
      return max;
    },
    // Watch for the next frame containing `text`; `arrived()` then says when (epoch ms).
    expect(text) {
      needle = text;
      arrived = null;
    },
    arrived: () => arrived,
    wasmBytes: () => (memories.length ? memories.reduce((s, m) => s + m.buffer.byteLength, 0) : null),
  };
  Object.defineProperty(window, '__bench', { value: b });
}

export const PAGE_TOOLS = `(${tools.toString()})();`;
