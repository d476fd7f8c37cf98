// Builds dist/: the tracer bundled with esbuild (the shared @argus/otlp-wire writer is compiled in, every npm
// dependency stays external), as ES modules (dist/index.js, dist/register.js and shared chunks) and as CommonJS
// (dist/cjs/index.js, `--require @argus/nodejs/register` through dist/cjs/register.cjs), plus type declarations.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).flatMap((d) => [d, `${d}/*`]);
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18.19',
  external,
  absWorkingDir: root,
  logLevel: 'warning',
  legalComments: 'none',
};

rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ['src/index.ts', 'src/register.ts'],
  format: 'esm',
  splitting: true,
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
});
await build({ ...common, entryPoints: ['src/index.ts'], format: 'cjs', outfile: 'dist/cjs/index.js' });
mkdirSync(`${root}dist/cjs`, { recursive: true });
writeFileSync(`${root}dist/cjs/package.json`, '{ "type": "commonjs" }\n');
writeFileSync(
  `${root}dist/cjs/register.cjs`,
  "'use strict';\n// node --require @argus/nodejs/register app.js (CommonJS apps)\nrequire('./index.js').startTracer();\n",
);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
