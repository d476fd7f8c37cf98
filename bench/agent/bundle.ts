/**
 * Packaging variant measured next to `pnpm agent`: the same agent/src/main.ts bundled into one ESM file with
 * esbuild and run by plain node (no TypeScript loader in memory) with a 1 MB young generation. This is a
 * deployment option, not what `pnpm agent` runs; the report labels it as such.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export const BUNDLE_NODE_FLAGS = ['--max-semi-space-size=1'];

export async function bundleAgent(outDir: string): Promise<string> {
  const outfile = join(outDir, 'argus-agent.mjs');
  await build({
    entryPoints: ['agent/src/main.ts'], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    logLevel: 'warning', legalComments: 'none',
    // CommonJS dependencies call require() for node builtins
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  // @argus/otlp loads its .proto files from <module dir>/proto
  mkdirSync(join(outDir, 'proto'), { recursive: true });
  const protoSrc = 'common/otlp/src/proto';
  for (const f of readdirSync(protoSrc)) copyFileSync(join(protoSrc, f), join(outDir, 'proto', f));
  return outfile;
}
