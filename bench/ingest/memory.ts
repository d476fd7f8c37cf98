/**
 * Collector memory under ingest, side by side for several configurations (each `--config name:VAR=value,...`, with
 * `;` between the variables when a value holds commas; collector settings such as ARGUS_EMBEDDED_MAX_MEMORY or
 * ARGUS_INGEST_BATCH_MAX_BYTES, `VAR=unset` to remove one the harness sets, e.g. the glibc malloc settings;
 * `default` = none). For each
 * configuration, in rounds that alternate their order (the machine is noisy): a fresh collector, its idle RSS, then
 * `--inflight` OTLP requests in flight for `--seconds`; sampled every 500 ms from /metrics: RSS, V8 heap, external
 * memory, the call resolver thread's heap and Buffers, ClickHouse's tracked memory and caches, anonymous vs file-backed
 * resident pages. Reports each configuration's median over rounds of: idle RSS, peak
 * RSS, median RSS under load, the split at the peak, spans/s acknowledged, and failed inserts (a ClickHouse memory
 * limit too low shows up there).
 *
 *   node --import tsx bench/ingest/memory.ts [--config default --config small:ARGUS_...=...] [--seconds 60] [--inflight 64] [--rounds 2]
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseConfigs, runLoad, spawnBenchCollector, type BenchConfig } from './collector.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string', multiple: true, default: ['default'] },
    seconds: { type: 'string', default: '60' },
    inflight: { type: 'string', default: '64' },
    spans: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '2' },
  },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const MB = 1048576;

interface Sample {
  rss: number;
  anon: number;
  file: number;
  heapTotal: number;
  decodeHeap: number;
  /** the call resolver thread's V8 heap and its Buffers */
  resolverHeap: number;
  resolverExternal: number;
  external: number;
  chTracked: number;
  chCaches: number;
  insertFailures: number;
  /** rows built and not yet stored (bounded by ARGUS_MAX_PENDING_BYTES), and request bytes being read and decoded */
  pending: number;
  inflight: number;
}

async function sample(ingest: string): Promise<Sample | null> {
  const text = await (await fetch(`${ingest}/metrics`).catch(() => null))?.text().catch(() => null);
  if (!text) return null;
  const one = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  const all = (re: RegExp) => [...text.matchAll(re)].reduce((a, m) => a + Number(m[1]), 0);
  return {
    rss: one(/^argus_process_resident_memory_bytes ([0-9.e+-]+)$/m) / MB,
    anon: one(/^argus_process_resident_memory_kind_bytes\{kind="anon"\} ([0-9.e+-]+)$/m) / MB,
    file: one(/^argus_process_resident_memory_kind_bytes\{kind="file"\} ([0-9.e+-]+)$/m) / MB,
    heapTotal: one(/^argus_nodejs_heap_bytes\{kind="total"\} ([0-9.e+-]+)$/m) / MB,
    decodeHeap: one(/^argus_decode_heap_bytes ([0-9.e+-]+)$/m) / MB,
    resolverHeap: one(/^argus_resolver_memory_bytes\{kind="heap"\} ([0-9.e+-]+)$/m) / MB,
    resolverExternal: one(/^argus_resolver_memory_bytes\{kind="external"\} ([0-9.e+-]+)$/m) / MB,
    external: one(/^argus_nodejs_external_bytes ([0-9.e+-]+)$/m) / MB,
    chTracked: one(/^argus_clickhouse_memory_bytes\{kind="tracked"\} ([0-9.e+-]+)$/m) / MB,
    chCaches: all(/^argus_clickhouse_memory_bytes\{kind="[a-z_]+_cache"\} ([0-9.e+-]+)$/gm) / MB,
    insertFailures: all(/^argus_insert_failures_total\{[^}]*\} ([0-9.e+-]+)$/gm),
    pending: one(/^argus_ingest_pending_bytes ([0-9.e+-]+)$/m) / MB,
    inflight: one(/^argus_ingest_inflight_bytes ([0-9.e+-]+)$/m) / MB,
  };
}

const load = (url: string) => runLoad(url, { seconds: values.seconds, concurrency: values.inflight, spans: values.spans, rate: '0' });
const configs = parseConfigs(values.config);
type Config = BenchConfig;

async function measure(config: Config) {
  const c = await spawnBenchCollector('argus-bench-memory-', [], config.env);
  const ingest = `http://127.0.0.1:${c.ingestPort}`;
  try {
    for (
      let i = 0;
      !(await fetch(`${ingest}/health`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      if (i > 600) throw new Error('collector did not start');
      await sleep(100);
    }
    await sleep(5000); // decode worker, first job runs
    const idle = (await sample(ingest))!;
    const samples: Sample[] = [];
    const timer = setInterval(() => void sample(ingest).then((s) => s && samples.push(s)), 500);
    const l = await load(`${ingest}/v1/traces`);
    await sleep(5000); // the last batches are inserted
    clearInterval(timer);
    const peak = samples.reduce((a, s) => (s.rss > a.rss ? s : a), samples[0]);
    const last = samples[samples.length - 1];
    return {
      config: config.name,
      idleRssMb: idle.rss,
      idleAnonMb: idle.anon,
      peakRssMb: peak.rss,
      peakAnonMb: Math.max(...samples.map((s) => s.anon)),
      medianRssMb: median(samples.map((s) => s.rss)),
      atPeak: {
        anonMb: peak.anon,
        fileMb: peak.file,
        heapTotalMb: peak.heapTotal,
        decodeHeapMb: peak.decodeHeap,
        resolverHeapMb: peak.resolverHeap,
        resolverExternalMb: peak.resolverExternal,
        externalMb: peak.external,
        chTrackedMb: peak.chTracked,
        chCachesMb: peak.chCaches,
        pendingMb: peak.pending,
        inflightMb: peak.inflight,
      },
      pendingMaxMb: Math.max(...samples.map((s) => s.pending)),
      inflightMaxMb: Math.max(...samples.map((s) => s.inflight)),
      /** requests answered 503/429 (then sent again after Retry-After) */
      retries: l.retries,
      chTrackedMaxMb: Math.max(...samples.map((s) => s.chTracked)),
      spansPerSecond: l.acked / l.elapsed,
      insertFailures: last.insertFailures,
    };
  } finally {
    c.child.kill('SIGKILL');
    await sleep(500);
    rmSync(c.dataDir, { recursive: true, force: true });
  }
}

const runs = new Map<Config, Awaited<ReturnType<typeof measure>>[]>();
for (let round = 0; round < Number(values.rounds); round++) {
  for (const config of round % 2 ? [...configs].reverse() : configs) {
    const r = await measure(config);
    console.error(JSON.stringify({ round, ...r }));
    runs.set(config, [...(runs.get(config) ?? []), r]);
  }
}
const r1 = (x: number) => Math.round(x * 10) / 10;
const summary = [...runs].map(([config, rs]) => ({
  config: config.name,
  env: config.env,
  rounds: rs.length,
  idleRssMb: r1(median(rs.map((r) => r.idleRssMb))),
  peakRssMb: r1(median(rs.map((r) => r.peakRssMb))),
  idleAnonMb: r1(median(rs.map((r) => r.idleAnonMb))),
  peakAnonMb: r1(median(rs.map((r) => r.peakAnonMb))),
  fileAtPeakMb: r1(median(rs.map((r) => r.atPeak.fileMb))),
  medianRssMb: r1(median(rs.map((r) => r.medianRssMb))),
  heapTotalAtPeakMb: r1(median(rs.map((r) => r.atPeak.heapTotalMb))),
  decodeHeapAtPeakMb: r1(median(rs.map((r) => r.atPeak.decodeHeapMb))),
  resolverHeapAtPeakMb: r1(median(rs.map((r) => r.atPeak.resolverHeapMb))),
  resolverExternalAtPeakMb: r1(median(rs.map((r) => r.atPeak.resolverExternalMb))),
  externalAtPeakMb: r1(median(rs.map((r) => r.atPeak.externalMb))),
  chTrackedMaxMb: r1(median(rs.map((r) => r.chTrackedMaxMb))),
  chCachesAtPeakMb: r1(median(rs.map((r) => r.atPeak.chCachesMb))),
  pendingMaxMb: r1(median(rs.map((r) => r.pendingMaxMb))),
  inflightMaxMb: r1(median(rs.map((r) => r.inflightMaxMb))),
  retries: Math.round(median(rs.map((r) => r.retries))),
  spansPerSecond: Math.round(median(rs.map((r) => r.spansPerSecond))),
  insertFailures: Math.max(...rs.map((r) => r.insertFailures)),
}));
console.log(JSON.stringify({ inflight: Number(values.inflight), seconds: Number(values.seconds), summary }, null, 2));
