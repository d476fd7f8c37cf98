import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { PEERS } from './peers.js';

/** the slice of esbuild's API used here (esbuild is a dependency of sensors/eum, not of bench) */
interface Esbuild {
  build(o: Record<string, unknown>): Promise<{ outputFiles: Array<{ text: string }> }>;
}
/** esbuild as installed for sensors/eum (the same one that builds eum.js) */
const esbuild = createRequire(fileURLToPath(new URL('../../sensors/eum/package.json', import.meta.url)))('esbuild') as Esbuild;
const EUM_ENTRY = fileURLToPath(new URL('../../sensors/eum/src/browser/index.ts', import.meta.url));

export interface SizeRow {
  name: string;
  version: string;
  minBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  /** the bundle itself (for the main-thread measurement) */
  code: string;
}

/** the same esbuild settings for every script: bundle, minify, IIFE, es2018, production defines */
async function bundle(opts: { entry?: string; contents?: string; resolveDir?: string; banner?: string }): Promise<string> {
  const r = await esbuild.build({
    ...(opts.entry ? { entryPoints: [opts.entry] } : { stdin: { contents: opts.contents!, resolveDir: opts.resolveDir!, loader: 'js' } }),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2018'],
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
    ...(opts.banner ? { banner: { js: opts.banner } } : {}),
  });
  return r.outputFiles[0].text;
}

export const measure = (name: string, version: string, code: string): SizeRow => ({
  name,
  version,
  minBytes: Buffer.byteLength(code),
  gzipBytes: gzipSync(code, { level: 9 }).length,
  brotliBytes: brotliCompressSync(code).length,
  code,
});

export async function measureSizes(peersDir: string, versions: Record<string, string>): Promise<SizeRow[]> {
  // with the compile-hint comment that sensors/eum/build.mjs puts first in eum.js
  const rows = [
    measure('Argus eum.js (every feature)', 'this tree', await bundle({ entry: EUM_ENTRY, banner: '//# allFunctionsCalledOnLoad' })),
  ];
  for (const p of PEERS) rows.push(measure(p.name, versions[p.pkg], await bundle({ contents: p.entry, resolveDir: join(peersDir) })));
  return rows;
}
