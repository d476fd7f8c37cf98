/**
 * Acknowledgement latency at a fixed rate (issue 19's "ack p99 <= 50 ms at half rate"), side by side for several
 * collector configurations (`--config name:VAR=value,...`, `default` = none), in rounds that alternate their order
 * (the machine is noisy). Each round and configuration: a fresh collector (embedded storage), 5 s of warm-up load,
 * then `--rate` requests/s of `--spans` spans, open loop, for `--seconds`; reports the ack p50 / p90 / p99 of all
 * rounds' requests pooled (`pooledP99`: at 9 requests/s a round's own p99 is its 3rd-worst of ~270 and moves by
 * +-15 ms between rounds) and the median over rounds, the spans/s acknowledged and the spans/s stored end to end
 * (until the last acknowledged span is queryable). `--rate 0`: closed loop with `--concurrency` senders (throughput).
 * `ACK_LATENCIES=<file>` appends every acknowledgement latency per configuration (JSON lines), to pool separate runs.
 * `--watch`: also the collector's main-thread event-loop stalls (> 8 ms late) and garbage collections during the
 * measured load, per round (loop-watch.cjs, preloaded).
 *
 *   node --import tsx bench/ingest/ack-latency.ts [--config default --config nonice:ARGUS_STORAGE_THREAD_NICE=0] [--rate 9] [--seconds 30] [--rounds 3] [--watch]
 */
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ADMIN, parseConfigs, runLoad, spawnBenchCollector, type BenchConfig } from './collector.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string', multiple: true, default: ['default'] },
    rate: { type: 'string', default: '9' },
    concurrency: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '30' },
    spans: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    watch: { type: 'boolean', default: false },
  },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const configs = parseConfigs(values.config);
const load = (url: string, seconds: string, rate: string) =>
  runLoad(url, { seconds, concurrency: values.concurrency, spans: values.spans, rate });

const WATCHER = fileURLToPath(new URL('./loop-watch.cjs', import.meta.url));

/** --watch: the collector's main-thread stalls (> 8 ms late) and garbage collections during the measured load */
function watched(file: string, fromSec: number, toSec: number) {
  const stalls: number[] = [];
  const gc: Record<string, { n: number; ms: number; max: number }> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const f = line.split(' ');
    const at = Number(f[1]);
    if (at < fromSec || at > toSec) continue;
    if (f[0] === 'stall') stalls.push(Number(f[2]));
    if (f[0] === 'gc') {
      const g = (gc[f[2]] ??= { n: 0, ms: 0, max: 0 });
      const ms = Number(f[3]);
      g.n++;
      g.ms = Math.round((g.ms + ms) * 10) / 10;
      g.max = Math.max(g.max, ms);
    }
  }
  return {
    stalls: stalls.length,
    stallMs: Math.round(stalls.reduce((a, b) => a + b, 0)),
    stallsOver20: stalls.filter((x) => x > 20).length,
    gc,
  };
}

async function measure(config: BenchConfig) {
  const watchFile = join(tmpdir(), `argus-loop-watch-${process.pid}-${Date.now()}.log`);
  const env = values.watch
    ? { ...config.env, LOOP_WATCH_FILE: watchFile, NODE_OPTIONS: `--require ${WATCHER} ${config.env.NODE_OPTIONS ?? ''}`.trim() }
    : config.env;
  const spawnedAt = performance.now();
  const c = await spawnBenchCollector('argus-ack-', [], env);
  try {
    const ingest = `http://127.0.0.1:${c.ingestPort}`;
    for (let i = 0; i < 600; i++) {
      if ((await fetch(`${ingest}/health`).catch(() => null))?.ok) break;
      await sleep(100);
    }
    const api = `http://127.0.0.1:${c.apiPort}/api/v1`;
    const from = Date.now() - 3_600_000;
    /** spans stored and queryable (the services list counts them) */
    const stored = async () => {
      const res = await fetch(`${api}/services?from=${from}&to=${Date.now() + 60_000}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      return ((await res.json()) as { services: { spans: number }[] }).services.reduce((a, s) => a + s.spans, 0);
    };
    const warm = await load(`${ingest}/v1/traces`, '5', values.rate); // warm-up: JIT, first inserts, first merges
    while ((await stored()) < warm.acked) await sleep(100);
    const loadAt = performance.now();
    const l = await load(`${ingest}/v1/traces`, values.seconds, values.rate);
    const ackedAt = performance.now();
    const loop = values.watch ? watched(watchFile, (loadAt - spawnedAt) / 1000, (ackedAt - spawnedAt) / 1000) : undefined;
    while ((await stored()) < warm.acked + l.acked) await sleep(50);
    const drain = (performance.now() - ackedAt) / 1000;
    return {
      config: config.name,
      latencies: l.latencies,
      p50: l.ackP50Ms,
      p90: l.ackP90Ms,
      p99: l.ackP99Ms,
      max: l.ackMaxMs,
      spansPerSecond: l.acked / l.elapsed,
      // end to end: until the last acknowledged span is stored and queryable
      storedPerSecond: l.acked / (l.elapsed + drain),
      // every span this collector stored, warm-up included (CPU per span from the process's own counters)
      spansStored: warm.acked + l.acked,
      loop,
    };
  } finally {
    c.child.kill('SIGKILL');
    rmSync(watchFile, { force: true });
    await sleep(500);
    rmSync(c.dataDir, { recursive: true, force: true });
  }
}

const runs = new Map<string, Awaited<ReturnType<typeof measure>>[]>();
for (let round = 0; round < Number(values.rounds); round++) {
  for (const config of round % 2 ? [...configs].reverse() : configs) {
    const r = await measure(config);
    const { latencies, ...shown } = r;
    console.error(JSON.stringify({ round, ...shown, requests: latencies.length }));
    runs.set(config.name, [...(runs.get(config.name) ?? []), r]);
  }
}
/** a percentile of every round's acknowledgements together: a p99 of a few thousand requests, not of ~270 */
const pooled = (rs: readonly { latencies: number[] }[], q: number) => {
  const all = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return all[Math.min(all.length - 1, Math.floor(q * all.length))] ?? NaN;
};
const summary = [...runs].map(([config, rs]) => ({
  config,
  rounds: rs.length,
  requests: rs.reduce((n, r) => n + r.latencies.length, 0),
  pooledP50: pooled(rs, 0.5),
  pooledP90: pooled(rs, 0.9),
  pooledP99: pooled(rs, 0.99),
  p50: median(rs.map((r) => r.p50)),
  p90: median(rs.map((r) => r.p90)),
  p99: median(rs.map((r) => r.p99)),
  p99s: rs.map((r) => r.p99),
  spansPerSecond: Math.round(median(rs.map((r) => r.spansPerSecond))),
  storedPerSecond: Math.round(median(rs.map((r) => r.storedPerSecond))),
  storedPerSecondAll: rs.map((r) => Math.round(r.storedPerSecond)),
  ...(values.watch ? { loop: rs.map((r) => r.loop) } : {}),
}));
console.log(JSON.stringify({ rate: Number(values.rate), seconds: Number(values.seconds), summary }, null, 2));
// ACK_LATENCIES=<file>: every acknowledgement's latency per configuration appended as JSON lines (to pool runs of
// different trees, e.g. a change against a worktree of the commit before it)
if (process.env.ACK_LATENCIES)
  for (const [config, rs] of runs)
    appendFileSync(process.env.ACK_LATENCIES, JSON.stringify({ config, latencies: rs.flatMap((r) => r.latencies) }) + '\n');
