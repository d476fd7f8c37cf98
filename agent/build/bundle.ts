/**
 * Production packaging of the agent: agent/src/main.ts bundled with esbuild into ESM files run by plain
 * `node` (no TypeScript loader thread in memory). Minified (the source text of the code is held on the V8
 * heap for the process's whole life), pure ASCII (one non-ASCII character makes V8 store the whole source
 * as a two-byte string), and split at dynamic import() so client libraries (pg, ioredis, protobufjs for the
 * tracer intake) are separate chunks read only when a matching process or a tracer shows up.
 *
 * Used by `pnpm build:agent` (agent/build/build.ts, the self-contained artifact with its own Node.js runtime)
 * and by the agent benchmark (bench/agent, with the machine's node).
 */
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

/**
 * V8 flags for the bundled daemon (docs/agent.md, measurements in bench/results/agent.md):
 * - `--max-semi-space-size=1`: 1 MB young generation; the agent's garbage is small and short-lived;
 * - `--lite-mode`: no optimizing compilers (TurboFan/Maglev, never touched: ~5 MB less node text/rodata in RSS,
 *   no code space for optimized code, no compile jobs); the agent's work is /proc reads, not hot JS loops;
 * - `--single-threaded`: GC and compilation on the main thread (no V8 worker-thread heaps and arenas);
 * - `--no-expose-wasm`: lite mode turns WebAssembly off anyway; this only silences V8's warning about it.
 */
export const BUNDLE_NODE_FLAGS = ['--max-semi-space-size=1', '--lite-mode', '--single-threaded', '--no-expose-wasm'];

/** CommonJS client libraries the sensors load with import() and destructure named exports from. */
const CJS_DYNAMIC = ['ioredis', 'pg'];
const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * Node gives `import('ioredis')` named exports (`{ Redis }`) by lexing the CommonJS source; esbuild's chunk
 * for a CommonJS package exports only `default`, so `({ Redis }) => new Redis()` failed in the bundle. This
 * plugin puts a small ESM facade in front of each such package with its enumerable exports as names.
 */
const cjsNamedExports: Plugin = {
  name: 'cjs-named-exports',
  setup(b) {
    const filter = new RegExp(`^(${CJS_DYNAMIC.join('|')})$`);
    b.onResolve({ filter }, (args) => {
      if (args.namespace === 'cjs-named') return undefined;
      const file = createRequire(join(args.resolveDir, 'x.js')).resolve(args.path);
      return { path: file, namespace: 'cjs-named', pluginData: { resolveDir: args.resolveDir } };
    });
    b.onLoad({ filter: /.*/, namespace: 'cjs-named' }, (args) => {
      const names = Object.keys(createRequire(args.path)(args.path) as object).filter((k) => k !== 'default' && IDENT.test(k));
      const contents =
        `import m from ${JSON.stringify(args.path)};\nexport default m;\n` +
        (names.length ? `export const { ${names.join(', ')} } = m;\n` : '');
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

export interface BundleOptions {
  /**
   * 'system' (default): the start script runs the `node` on PATH (development, benchmark);
   * 'bundled': it runs `<dir>/node`, the runtime shipped next to it in the self-contained artifact.
   */
  runtime?: 'system' | 'bundled';
}

/** The start script: `exec <node> <BUNDLE_NODE_FLAGS> argus-agent.mjs "$@"` (same pid: what systemd starts and the bench measures). */
export function startScript(runtime: 'system' | 'bundled'): string {
  const node = runtime === 'bundled' ? '"$dir/node"' : 'node';
  // no dirname: the script must work with an empty PATH (the bundled runtime is all it needs)
  return `#!/bin/sh\n# Argus host agent; V8 flags: see docs/agent.md\ncase "$0" in */*) dir="\${0%/*}" ;; *) dir=. ;; esac\nexec ${node} ${BUNDLE_NODE_FLAGS.join(' ')} "$dir/argus-agent.mjs" "$@"\n`;
}

/** Bundles the agent into outDir; returns the start script `<outDir>/argus-agent`. */
export async function bundleAgent(outDir: string, opts: BundleOptions = {}): Promise<string> {
  // stale chunks of an earlier build
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.endsWith('.mjs')) rmSync(join(outDir, f));
  await build({
    entryPoints: { 'argus-agent': join(repo, 'agent/src/main.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    charset: 'ascii',
    minify: true,
    keepNames: true,
    logLevel: 'warning',
    legalComments: 'none',
    plugins: [cjsNamedExports],
    // CommonJS dependencies call require() for node builtins
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  // @argus/otlp loads its .proto files from <module dir>/proto
  mkdirSync(join(outDir, 'proto'), { recursive: true });
  const protoSrc = join(repo, 'common/otlp/src/proto');
  for (const f of readdirSync(protoSrc).sort()) copyFileSync(join(protoSrc, f), join(outDir, 'proto', f));
  const start = join(outDir, 'argus-agent');
  writeFileSync(start, startScript(opts.runtime ?? 'system'));
  chmodSync(start, 0o755);
  return start;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const start = await bundleAgent(resolve(process.argv[2] ?? join(repo, 'agent/dist')));
  console.log(`${start}\nrun: ${start} --config /etc/argus/agent.yaml   (= node ${BUNDLE_NODE_FLAGS.join(' ')} argus-agent.mjs ...)`);
}
