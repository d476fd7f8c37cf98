// Builds the browser script: src/browser/index.ts -> dist/eum.js (minified IIFE) + dist/eum.<version>.js for
// CDN/S3 hosting + dist/eum.meta.json ({ version, bytes, gzipBytes }) + dist/snippet.html (an example snippet).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('./dist/', import.meta.url);
mkdirSync(dist, { recursive: true });
for (const f of readdirSync(dist)) if (/^eum\.[0-9a-f]+\.js$/.test(f)) rmSync(new URL(f, dist));
const out = await build({
  entryPoints: [new URL('./src/browser/index.ts', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2018'],
  legalComments: 'none',
  // explicit compile hint (Chromium >= 136, ignored elsewhere): compile every function eagerly while the script
  // streams in on a background thread, instead of lazily on the main thread at each first call
  banner: { js: '//# allFunctionsCalledOnLoad' },
  write: false,
});
const code = out.outputFiles[0].text;
const version = createHash('sha256').update(code).digest('hex').slice(0, 12);
writeFileSync(new URL('eum.js', dist), code);
writeFileSync(new URL(`eum.${version}.js`, dist), code);
const meta = { version, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length };
writeFileSync(new URL('eum.meta.json', dist), JSON.stringify(meta) + '\n');
const snip = await build({
  entryPoints: [new URL('./src/browser/snippet/snippet.ts', import.meta.url).pathname],
  format: 'esm',
  write: false,
});
const { snippet } = await import('data:text/javascript;base64,' + Buffer.from(snip.outputFiles[0].text).toString('base64'));
writeFileSync(
  new URL('snippet.html', dist),
  snippet({ key: '<site key>', reportingUrl: 'https://collector.example.com:4318', version }) + '\n',
);
console.log(`eum.js ${meta.bytes} B, ${meta.gzipBytes} B gzipped, version ${version}`);
