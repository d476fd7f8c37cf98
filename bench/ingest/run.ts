/**
 * Ingest benchmark, end to end: a collector process (embedded ClickHouse) and a load-generator process sending
 * OTLP protobuf (and JSON with --json). A span counts once it is stored and queryable through the API. Phases:
 * sustained rate with --concurrency senders; acknowledgement latency at half that rate (open loop); RSS with 64
 * requests in flight; resolver lag (argus_resolver_lag_seconds) sampled throughout; inferred database edge latency
 * (acknowledgement -> edge on the dependency map); bytes per span on disk after merges (spans, trace index, calls,
 * KPIs); then the decode and insert limits (new and old insert path) measured in the same run.
 *
 *   node --import tsx bench/ingest/run.ts [--seconds 20] [--concurrency 4] [--json]
 */
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMIN, KEY, spawnBenchCollector } from './collector.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '4' },
    spans: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
  },
});
const root = new URL('../../', import.meta.url).pathname;
const here = new URL('.', import.meta.url).pathname;
const startedAt = Date.now();
/** the API needs a token: the collector is started with ARGUS_ADMIN_TOKEN */
const get = async <T>(url: string): Promise<T> => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${ADMIN}` } });
  if (!res.ok) throw new Error(`GET ${url} -> ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

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

const metric = async (ingest: string, name: string) => {
  const text = await (await fetch(`${ingest}/metrics`)).text();
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
};

const memorySplit = async (ingest: string) => {
  const text = await (await fetch(`${ingest}/metrics`).catch(() => null))?.text();
  if (!text) return null;
  const mb = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN) / 1048576;
  return {
    rssMb: mb(/^argus_process_resident_memory_bytes ([0-9.e+-]+)$/m),
    heapTotalMb: mb(/^argus_nodejs_heap_bytes\{kind="total"\} ([0-9.e+-]+)$/m),
    externalMb: mb(/^argus_nodejs_external_bytes ([0-9.e+-]+)$/m),
    anonMb: mb(/^argus_process_resident_memory_kind_bytes\{kind="anon"\} ([0-9.e+-]+)$/m),
    fileMb: mb(/^argus_process_resident_memory_kind_bytes\{kind="file"\} ([0-9.e+-]+)$/m),
  };
};

/**
 * Inferred database edges: `samples` traces, each a server span of its own service with a PostgreSQL client span,
 * posted one at a time; the time from the acknowledgement until the service -> database edge is on the map.
 */
async function inferredEdgeLatency(ingest: string, api: string, samples: number): Promise<number[]> {
  const out: number[] = [];
  const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
  for (let i = 0; i < samples; i++) {
    const service = `edge-probe-${i}-${Date.now()}`;
    const now = BigInt(Date.now()) * 1_000_000n;
    const trace = hex(Date.now(), 16) + hex(i + 1, 16);
    const span = (id: number, parent: number, kind: number, name: string, attrs: Array<[string, string]>) => ({
      traceId: trace,
      spanId: hex(id, 16),
      parentSpanId: parent ? hex(parent, 16) : undefined,
      name,
      kind,
      startTimeUnixNano: String(now),
      endTimeUnixNano: String(now + 5_000_000n),
      attributes: attrs.map(([k, v]) => ({ key: k, value: { stringValue: v } })),
    });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeSpans: [
            {
              spans: [
                span(1, 0, 2, 'GET /x', [
                  ['http.request.method', 'GET'],
                  ['http.route', '/x'],
                ]),
                span(2, 1, 3, 'SELECT', [
                  ['db.system', 'postgresql'],
                  ['server.address', 'pg.bench'],
                ]),
              ],
            },
          ],
        },
      ],
    };
    const res = await fetch(`${ingest}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`edge probe -> ${res.status}`);
    const acked = performance.now();
    for (;;) {
      const map = await get<{ edges: { source: string }[] }>(`${api}/dependency-map?from=${Date.now() - 600_000}&to=${Date.now() + 1000}`);
      if (map.edges.some((e) => e.source === service)) break;
      if (performance.now() - acked > 120_000) throw new Error('edge not visible after 120 s');
      await sleep(25);
    }
    out.push(performance.now() - acked);
  }
  return out;
}

async function main() {
  const { child: collector, dataDir, ingestPort, apiPort } = await spawnBenchCollector('argus-bench-ingest-');
  const api = `http://127.0.0.1:${apiPort}/api/v1`;
  const ingest = `http://127.0.0.1:${ingestPort}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${ingest}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('collector did not start');
    await sleep(100);
  }
  await sleep(3000); // the decode worker loads its code
  const stored = async () =>
    (
      await get<{ services: { spans: number }[] }>(`${api}/services?from=${startedAt - 3_600_000}&to=${Date.now() + 60_000}`)
    ).services.reduce((a, s) => a + s.spans, 0);
  const results: Record<string, unknown>[] = [];
  let base = 0;
  /** one load phase: until every acknowledged span is stored and queryable */
  async function phase(name: string, format: string, concurrency: number, seconds: string, rate = 0) {
    const rss: number[] = [];
    const lag: number[] = [];
    // the collector's memory split at its RSS peak: V8 heap total + external (JavaScript) vs the rest (ClickHouse, code);
    // anonymous vs file-backed pages (the file part is mostly libchdb.so's code)
    const split = { rssMb: 0, heapTotalMb: 0, externalMb: 0, anonMb: 0, fileMb: 0 };
    const sampler = setInterval(() => {
      rss.push(rssMb(collector.pid!));
      void metric(ingest, 'argus_resolver_lag_seconds').then((v) => Number.isFinite(v) && lag.push(v));
      void memorySplit(ingest).then((m) => m && m.rssMb > split.rssMb && Object.assign(split, m));
    }, 500);
    const t0 = performance.now();
    const load = await child('load.ts', [`${ingest}/v1/traces`, KEY, format, seconds, String(concurrency), values.spans, String(rate)]);
    const ackedAt = performance.now();
    let n = await stored();
    while (n < base + load.acked) {
      await sleep(50);
      n = await stored();
    }
    // from the first send (the load process reports how long it sent) to the last span stored and queryable;
    // the load process's own start (building its templates) is not counted
    const storedAfter = (performance.now() - ackedAt) / 1000;
    const secs = load.elapsed + storedAfter;
    clearInterval(sampler);
    const r = {
      phase: name,
      format,
      concurrency,
      ackedSpans: load.acked,
      storedSpans: n - base,
      seconds: secs,
      spansPerSecond: load.acked / secs,
      storedAfterLastAckSeconds: storedAfter,
      wallSecondsInclLoadStart: (performance.now() - t0) / 1000,
      ackP50Ms: load.ackP50Ms,
      ackP99Ms: load.ackP99Ms,
      retries: load.retries,
      rejected: load.rejected,
      rssMaxMb: Math.max(...rss),
      memoryAtPeakMb: split,
      rssMedianMb: median(rss),
      resolverLagMaxSeconds: lag.length ? Math.max(...lag) : null,
      requestBytes: load.bytesPerRequest,
    };
    console.error(JSON.stringify(r));
    results.push(r);
    base = n;
    return r;
  }
  const sustained = await phase('sustained', 'protobuf', Number(values.concurrency), values.seconds);
  if (values.json) await phase('sustained', 'json', Number(values.concurrency), values.seconds);
  // acknowledgement latency at half the sustained rate (open loop, up to 64 requests in flight)
  const halfRate = sustained.spansPerSecond / 2 / Number(values.spans);
  await phase('half rate', 'protobuf', 64, values.seconds, halfRate);
  // memory with 64 requests in flight
  await phase('64 in flight', 'protobuf', 64, String(Math.min(20, Number(values.seconds))));
  const edges = await inferredEdgeLatency(ingest, api, 20);
  await fetch(`${api}/storage/optimize?table=spans`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
  const storage = (await get<{ tables: { table: string; rows: number; bytesOnDisk: number; bytesPerRow: number }[] }>(`${api}/storage`))
    .tables;
  const spans = storage.find((t) => t.table === 'spans')!;
  const perSpan = (table: string) => (storage.find((t) => t.table === table)?.bytesOnDisk ?? 0) / spans.rows;
  const columns = (await get<{ columns: { column: string; bytesPerRow: number }[] }>(`${api}/storage/columns?table=spans`)).columns;
  const topColumns = Object.fromEntries(columns.slice(0, 10).map((c) => [c.column, Math.round(c.bytesPerRow * 10) / 10]));
  collector.kill('SIGTERM');
  await new Promise((r) => collector.once('exit', r));
  // BENCH_KEEP_DATA=1 keeps the data directory (e.g. to compare column codecs on these rows with chdb afterwards)
  if (process.env.BENCH_KEEP_DATA === '1') console.error(`data directory kept: ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });

  const decode = await child('limits.ts', ['decode', '5']);
  const insert = await child('limits.ts', ['insert']);
  const limit = Math.min(decode.protobufDecodeAndRows, insert.insertRowsPerSecond);
  const sortedEdges = [...edges].sort((a, b) => a - b);
  const summary = {
    date: new Date().toISOString(),
    machine: `${(await import('node:os')).cpus().length} cores, node ${process.version}`,
    loadAverage: (await import('node:os')).loadavg(),
    endToEnd: results,
    bytesPerSpanOnDisk: {
      spans: spans.bytesOnDisk / spans.rows,
      traceIndex: perSpan('trace_index'),
      calls: perSpan('calls'),
      edgeKpi1s: perSpan('edge_kpi_1s'),
      endpointKpi1s: perSpan('endpoint_kpi_1s'),
    },
    inferredEdgeMs: {
      p50: sortedEdges[Math.floor(edges.length / 2)],
      p95: sortedEdges[Math.ceil(edges.length * 0.95) - 1],
      max: sortedEdges.at(-1),
    },
    topColumnsBytesPerSpan: topColumns,
    limits: { ...decode, ...insert },
    ratioToSmallerLimit: sustained.spansPerSecond / limit,
  };
  mkdirSync(join(root, 'bench/.out'), { recursive: true });
  writeFileSync(join(root, `bench/.out/ingest-${values.concurrency}.json`), JSON.stringify(summary, null, 2));
  console.log(JSON.stringify(summary, null, 2));
}

await main();
