/**
 * The collector process the ingest benchmarks measure (bench/ingest/run.ts, profile.ts): embedded storage in a fresh
 * temporary directory, free loopback ports, a preset ingest key and admin token, warnings only; killed when the
 * benchmark exits, even after a failure.
 */
import { COLLECTOR_NODE_FLAGS } from '../../common/supervise/src/collector-node-flags.js';
import { mallocEnv } from '../../common/supervise/src/malloc-env.js';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KEY = 'ak_benchmark_key_0123456789';
export const ADMIN = 'at_benchmark_admin_token_0123456789';
const root = new URL('../../', import.meta.url).pathname;

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

export interface BenchCollector {
  child: ChildProcess;
  dataDir: string;
  ingestPort: number;
  apiPort: number;
}

/**
 * `nodeArgs` go before the script (e.g. --cpu-prof); `env` adds to or overrides the collector's settings, and a
 * variable given as `unset` is removed (e.g. MALLOC_MMAP_THRESHOLD_=unset: glibc's own dynamic default).
 * BENCH_COLLECTOR_STDOUT=1 passes the collector's stdout through (e.g. V8's `--trace-gc` lines, set from a preload:
 * `--config x:NODE_OPTIONS=--require /tmp/trace-gc.cjs`, since NODE_OPTIONS refuses V8 flags). A V8 flag that must be
 * set before the heap exists goes in `BENCH_NODE_ARGS`: space-separated node arguments that replace the launcher's
 * (COLLECTOR_NODE_FLAGS), e.g. `--config parallelgc:BENCH_NODE_ARGS=--no-single-threaded-gc`.
 */
export async function spawnBenchCollector(
  prefix: string,
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<BenchCollector> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const [ingestPort, apiPort] = [await freePort(), await freePort()];
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    // as the launcher starts it (common/supervise/src/malloc-env.ts)
    ...mallocEnv(),
    ARGUS_DATA_DIR: dataDir,
    ARGUS_INGEST_PORT: String(ingestPort),
    ARGUS_API_PORT: String(apiPort),
    ARGUS_INGEST_KEY: KEY,
    ARGUS_ADMIN_TOKEN: ADMIN,
    ARGUS_LOG_LEVEL: 'warn',
    ...env,
  };
  const childEnv = Object.fromEntries(Object.entries(merged).filter(([k, v]) => v !== 'unset' && k !== 'BENCH_NODE_ARGS'));
  const extraArgs = env.BENCH_NODE_ARGS === undefined ? COLLECTOR_NODE_FLAGS : env.BENCH_NODE_ARGS.split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extraArgs, ...nodeArgs, '--import', 'tsx', join(root, 'collector/src/main.ts')], {
    env: childEnv,
    stdio: ['ignore', process.env.BENCH_COLLECTOR_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  process.on('exit', () => child.exitCode === null && child.kill('SIGKILL'));
  return { child, dataDir, ingestPort, apiPort };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the collector's ingest port answers /health (up to a minute). */
export async function waitHealthy(ingestPort: number): Promise<void> {
  for (
    let i = 0;
    !(await fetch(`http://127.0.0.1:${ingestPort}/health`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (i > 600) throw new Error('collector did not start');
    await sleep(100);
  }
}

/** Rows in the spans table, as the collector's storage API counts them. */
export async function storedSpans(apiPort: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/storage`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const { tables } = (await res.json()) as { tables: Array<{ table: string; rows: number }> };
  return tables.find((t) => t.table === 'spans')?.rows ?? 0;
}

/** What bench/ingest/load.ts reports (its last stdout line). */
export type LoadResult = Record<string, number> & { acked: number; elapsed: number; latencies: number[] };

/**
 * Runs the load generator (bench/ingest/load.ts, its own process) against `url`:
 * `seconds`, `concurrency`, `spans` per request, `rate` requests/s (0: closed loop).
 */
export function runLoad(url: string, o: { seconds: string; concurrency: string; spans: string; rate: string }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const args = [url, KEY, 'protobuf', o.seconds, o.concurrency, o.spans, o.rate];
    const p = fork(join(root, 'bench/ingest/load.ts'), args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult) : reject(new Error(`load exited ${String(code)}`)),
    );
  });
}

/** A collector configuration compared by a benchmark: `name:VAR=value,...` (`;` between variables whose values hold commas). */
export interface BenchConfig {
  name: string;
  env: Record<string, string>;
}

export function parseConfigs(specs: readonly string[]): BenchConfig[] {
  return specs.map((spec) => {
    const colon = spec.indexOf(':');
    const name = colon < 0 ? spec : spec.slice(0, colon);
    const vars = colon < 0 ? '' : spec.slice(colon + 1);
    const env = Object.fromEntries(
      vars
        .split(vars.includes(';') ? ';' : ',')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]),
    );
    return { name, env };
  });
}
