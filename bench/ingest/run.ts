/**
 * Ingest benchmark, end to end: a collector process (embedded ClickHouse) and a load-generator process sending
 * OTLP protobuf, then JSON. A span counts once it is stored and queryable through the API. Reports sustained
 * spans/s, collector RSS, bytes per span on disk after merges, and the two limits measured in the same run.
 *
 *   node --import tsx bench/ingest/run.ts [--seconds 20] [--concurrency 4]
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '4' },
    spans: { type: 'string', default: '1000' },
  },
});
const root = new URL('../../', import.meta.url).pathname;
const here = new URL('.', import.meta.url).pathname;
const KEY = 'ak_benchmark_key_0123456789';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
const rssMb = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function child(script: string, args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const p = fork(join(here, script), args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${script} exited ${String(code)}`)),
    );
  });
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-bench-ingest-'));
  const [ingestPort, apiPort] = [await freePort(), await freePort()];
  const collector: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'collector/src/main.ts')], {
    env: {
      ...process.env,
      ARGUS_DATA_DIR: dataDir,
      ARGUS_INGEST_PORT: String(ingestPort),
      ARGUS_API_PORT: String(apiPort),
      ARGUS_INGEST_KEY: KEY,
      ARGUS_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const api = `http://127.0.0.1:${apiPort}/api/v1`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${ingestPort}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error('collector did not start');
    await sleep(100);
  }
  const stored = async () =>
    ((await (await fetch(`${api}/services?from=0`)).json()) as { services: { spans: number }[] }).services.reduce((a, s) => a + s.spans, 0);
  const results: Record<string, unknown>[] = [];
  let base = 0;
  for (const format of ['protobuf', 'json']) {
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(rssMb(collector.pid!)), 500);
    const t0 = performance.now();
    const load = await child('load.ts', [
      `http://127.0.0.1:${ingestPort}/v1/traces`,
      KEY,
      format,
      values.seconds,
      values.concurrency,
      values.spans,
    ]);
    let n = await stored();
    while (n < base + load.acked) {
      await sleep(50);
      n = await stored();
    }
    const secs = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    results.push({
      format,
      ackedSpans: load.acked,
      storedSpans: n - base,
      seconds: secs,
      spansPerSecond: load.acked / secs,
      retries: load.retries,
      rejected: load.rejected,
      rssMaxMb: Math.max(...rss),
      rssMedianMb: median(rss),
      requestBytes: load.bytesPerRequest,
    });
    base = n;
  }
  await fetch(`${api}/storage/optimize?table=spans`, { method: 'POST' });
  const storage = (
    (await (await fetch(`${api}/storage`)).json()) as {
      tables: { table: string; rows: number; bytesOnDisk: number; bytesPerRow: number }[];
    }
  ).tables;
  const spans = storage.find((t) => t.table === 'spans')!;
  const index = storage.find((t) => t.table === 'trace_index');
  const columns = (
    (await (await fetch(`${api}/storage/columns?table=spans`)).json()) as { columns: { column: string; bytesPerRow: number }[] }
  ).columns;
  const topColumns = Object.fromEntries(columns.slice(0, 10).map((c) => [c.column, Math.round(c.bytesPerRow * 10) / 10]));
  collector.kill('SIGTERM');
  await new Promise((r) => collector.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });

  const decode = await child('limits.ts', ['decode', '5']);
  const insert = await child('limits.ts', ['insert']);
  const limit = Math.min(decode.protobufDecodeAndRows, insert.insertRowsPerSecond);
  const summary = {
    date: new Date().toISOString(),
    machine: `${(await import('node:os')).cpus().length} cores, node ${process.version}`,
    endToEnd: results,
    bytesPerSpanOnDisk: spans.bytesOnDisk / spans.rows,
    traceIndexBytesPerSpan: index ? index.bytesOnDisk / spans.rows : 0,
    topColumnsBytesPerSpan: topColumns,
    limits: { ...decode, ...insert },
    ratioToSmallerLimit: (results[0].spansPerSecond as number) / limit,
  };
  mkdirSync(join(root, 'bench/.out'), { recursive: true });
  writeFileSync(join(root, 'bench/.out/ingest.json'), JSON.stringify(summary, null, 2));
  console.log(JSON.stringify(summary, null, 2));
}

await main();
