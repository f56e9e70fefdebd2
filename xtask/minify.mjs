// Minifies the JS wasm-bindgen wrote into dist/ (terser) and the stylesheet (lightningcss,
// the engine Trunk itself uses for CSS), then gives each file index.html links (stylesheet,
// JS loader, start module) the integrity hash of its final bytes: the split step
// (xtask/src/split.rs) has replaced Trunk's module and loader by then. Trunk's JS minifier
// (minify-js) fails on wasm-bindgen's output (trunk-rs/trunk#1044) and has broken getters
// before (trunk-rs/trunk#761), so release builds leave minification off in Trunk and do it
// here: about 1.8 KB less gzip.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { minify } from 'terser';
import { transform } from 'lightningcss';

const minifiers = {
  // Exports keep their names (index.html and the chunk loader import them); only locals
  // are renamed.
  js: async (source) =>
    (await minify(source.toString(), { module: true, compress: true, mangle: true })).code,
  css: async (source, name) => transform({ filename: name, code: source, minify: true }).code,
};

const dist = process.argv[2];
const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const indexPath = join(dist, 'index.html');
let html = readFileSync(indexPath, 'utf8');
let linked = 0;
for (const name of readdirSync(dist)) {
  const ext = name.split('.').pop();
  if (!['js', 'css', 'wasm'].includes(ext)) continue;
  const path = join(dist, name);
  let bytes = readFileSync(path);
  if (minifiers[ext]) {
    bytes = Buffer.from(await minifiers[ext](bytes, name));
    writeFileSync(path, bytes);
  }
  // The tags Trunk writes: <link ... href="<public-url>NAME" ... integrity="sha384-...">.
  const tag = new RegExp(`(<link\\b[^>]*\\shref="[^"]*/${escape(name)}"[^>]*\\sintegrity=")sha384-[^"]*`, 'g');
  html = html.replace(tag, (_, head) => {
    linked += 1;
    return head + integrity(bytes);
  });
}
// Trunk links three: the stylesheet, the JS loader (modulepreload) and the module (preload).
if (linked !== 3) throw new Error(`index.html: expected 3 linked files with integrity, updated ${linked}`);
writeFileSync(indexPath, html);
