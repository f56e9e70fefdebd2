// Gives dist/index.html its Content-Security-Policy <meta>, run by `cargo xtask dist` after
// minify.mjs so it sees the final page. No inline script runs but Trunk's bootstrap
// (allowed by its sha256, computed here from the bytes the browser will hash), no eval
// but WebAssembly compilation ('wasm-unsafe-eval'), no plugins, no <base>, no form
// submissions; the page may connect to any ws:/wss: server (which ones is up to the
// person using it) and to its own origin (the .wasm is fetched).
// What Trunk 0.21 writes and how each is allowed: the inline module bootstrap (its hash),
// <link rel=modulepreload> of the JS loader (script-src 'self'), <link rel=preload as=fetch>
// of the .wasm (connect-src 'self'), the stylesheet <link> (style-src 'self'); no inline
// styles. Downloads are <a download href=blob:...> navigations, which no directive governs.
// `trunk serve` (cargo xtask dev) injects an unhashed live-reload script, so the source
// index.html carries no policy: only the release bundle does.
// A meta policy cannot carry frame-ancestors: see README, "Building for static hosting".
// Prints the policy; fails on page content a policy without 'unsafe-inline' would block.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dist = process.argv[2];
const indexPath = join(dist, 'index.html');
const META = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/gi;
const html = readFileSync(indexPath, 'utf8').replace(META, '');

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const scripts = [];
const styles = [];
// Script and style bodies are raw text: the browser hashes exactly what stands between the tags.
const markup = html
  .replace(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi, (_, attrs, body) => {
    if (!/\ssrc\s*=/i.test(attrs)) scripts.push(sha256(body));
    return `<script${attrs}>`;
  })
  .replace(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi, (_, body) => {
    styles.push(sha256(body));
    return '';
  })
  .replace(/<!--[\s\S]*?-->/g, '');
for (const tag of markup.match(/<[a-z][^>]*>/gi) ?? []) {
  const bad = /\s(on[a-z]+|style)\s*=/i.exec(tag) ?? /=\s*["']?\s*javascript:/i.exec(tag);
  if (bad) {
    throw new Error(`index.html: ${tag} needs inline code the Content-Security-Policy forbids (${bad[0].trim()})`);
  }
}

const policy = [
  "default-src 'none'",
  ["script-src 'self' 'wasm-unsafe-eval'", ...scripts].join(' '),
  ["style-src 'self'", ...styles].join(' '),
  "img-src 'self'",
  "connect-src 'self' ws: wss:",
  "form-action 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

// First in <head> after the charset: a meta policy only governs what comes after it.
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
const charset = /<meta\s+charset=[^>]*>/i.exec(html);
if (!charset) throw new Error('index.html: no <meta charset> to put the policy after');
const at = charset.index + charset[0].length;
writeFileSync(indexPath, `${html.slice(0, at)}${meta}${html.slice(at)}`);
console.log(`  Content-Security-Policy (meta): ${policy}`);
