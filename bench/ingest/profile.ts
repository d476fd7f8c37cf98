/**
 * Where the collector's CPU goes per ingested span: a collector process (embedded ClickHouse) run under --cpu-prof,
 * the load generator (load.ts: OTLP protobuf, 1,000 SDK-made spans per request) for --seconds with --concurrency
 * senders, until every acknowledged span is stored; then the process's CPU time (/proc: every thread, ClickHouse's
 * included) split by the CPU profiles of its JavaScript threads (main thread, decode workers) into what the
 * JavaScript ran (by file), its garbage collection, and the rest (ClickHouse's native threads: parsing the inserted
 * rows, merges, queries).
 *
 *   flock /tmp/argus-bench.lock node --import tsx bench/ingest/profile.ts [--seconds 20] [--concurrency 4] [--top 25]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad, spawnBenchCollector, storedSpans, waitHealthy } from './collector.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '4' },
    top: { type: 'string', default: '25' },
  },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** user + system CPU seconds of a process, all its threads */
const cpuSeconds = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** the monotonic clock in microseconds, as V8's profiler stamps its samples */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Self time (ms) by category (GC, idle, program, or the source file: package for dependencies) within [from, to] (us). */
function selfByFile(p: Profile, from: number, to: number): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i] ?? 0;
    if (t < from || t > to) return;
    const { functionName, url } = byId.get(id)!.callFrame;
    const key = url
      ? (/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
        url.replace(/^.*\/(collector|common)\//, '$1/'))
      : `(${functionName.replace(/[()]/g, '')})`;
    out.set(key, (out.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

const profDir = mkdtempSync(join(tmpdir(), 'argus-ingest-cpuprof-'));
const {
  child: collector,
  dataDir,
  ingestPort,
  apiPort,
} = await spawnBenchCollector('argus-ingest-prof-', ['--cpu-prof', '--cpu-prof-dir', profDir]);
const ingest = `http://127.0.0.1:${ingestPort}`;
await waitHealthy(ingestPort);
await sleep(3000); // the decode workers load their code
const loadStart = loadavg();
const cpu0 = cpuSeconds(collector.pid!);
const t0 = performance.now();
const from = nowUs();
const load = await runLoad(`${ingest}/v1/traces`, { seconds: values.seconds, concurrency: values.concurrency, spans: '1000', rate: '0' });
while ((await storedSpans(apiPort)) < load.acked) await sleep(100);
const wall = (performance.now() - t0) / 1000;
const cpu = cpuSeconds(collector.pid!) - cpu0;
const to = nowUs();
collector.kill('SIGTERM');
await new Promise((r) => collector.once('exit', r));

// each thread's profile covers the process's life: only its samples in the load window count
const profiles = readdirSync(profDir).map((f) => JSON.parse(readFileSync(join(profDir, f), 'utf8')) as Profile);
const spans = load.acked;
const perSpan = (ms: number) => `${((ms * 1000) / spans).toFixed(1)} us`;
console.log(
  `${spans.toLocaleString('en')} spans acknowledged in ${load.elapsed.toFixed(1)} s (${Math.round(spans / load.elapsed).toLocaleString('en')}/s while sending), all stored after ${wall.toFixed(1)} s; ack p99 ${load.ackP99Ms} ms`,
);
console.log(
  `load average ${loadStart.map((x) => x.toFixed(1)).join(' / ')} at start, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} at the end`,
);
console.log(`collector CPU during the load: ${cpu.toFixed(1)} s = ${perSpan(cpu * 1000)} per span (every thread)`);
let js = 0;
for (const [i, p] of profiles.entries()) {
  const self = selfByFile(p, from, to);
  const busy = [...self].filter(([k]) => k !== '(idle)').reduce((a, [, v]) => a + v, 0);
  js += busy;
  console.log(`\nthread ${i + 1}: ${(busy / 1000).toFixed(1)} s busy in the load window = ${perSpan(busy)} per span`);
  for (const [k, v] of [...self]
    .filter(([k2]) => k2 !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top)))
    console.log(`  ${v.toFixed(0).padStart(7)} ms  ${perSpan(v).padStart(9)}/span  ${k}`);
}
console.log(
  `\nJavaScript threads busy ${(js / 1000).toFixed(1)} s (${perSpan(js)}/span, their GC included) of the process's ${cpu.toFixed(1)} s;` +
    ` the other ${(cpu - js / 1000).toFixed(1)} s (${perSpan(cpu * 1000 - js)}/span): ClickHouse's threads, V8's background threads`,
);
rmSync(dataDir, { recursive: true, force: true });
rmSync(profDir, { recursive: true, force: true });
