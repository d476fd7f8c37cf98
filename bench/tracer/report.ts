/** The markdown report of bench/tracer/run.ts (medians over rounds, same-run ratios). */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface Sample {
  rps: number;
  /** app CPU (user + system) per request at full speed, µs */
  cpuUs: number;
  p99: number;
  rss: number;
  errors: number;
  /** app CPU µs per request at the fixed offered rate, the rate achieved, its latency percentiles (ms) */
  rateCpuUs: number;
  rateRps: number;
  rateP99: number;
  rateP50: number;
  /** requests served and server spans stored: warm-up + full speed, and the fixed-rate phase */
  servedFull: number;
  storedFull: number;
  servedRate: number;
  storedRate: number;
}

interface ReportOptions {
  duration: number;
  warmup: number;
  rounds: number;
  connections: number;
  rate: number;
  pin: boolean;
  via: 'agent' | 'direct';
  target: 'collector' | 'sink';
  out: string;
  started: Date;
  loads: number[];
  /** the apps' Node.js version when BENCH_NODE is not the bench's own */
  appNode?: string;
  apps: string[];
  modes: string[];
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : '—');

export function writeReport(results: Map<string, Sample[]>, o: ReportOptions): string {
  const cmd = `${o.pin ? 'BENCH_PIN=1 ' : ''}${o.via === 'direct' ? 'BENCH_ARGUS_VIA=direct ' : ''}${o.target === 'sink' ? 'BENCH_TARGET=sink ' : ''}BENCH_DURATION=${o.duration} BENCH_WARMUP=${o.warmup} BENCH_ROUNDS=${o.rounds} BENCH_RATE=${o.rate} node --import tsx bench/tracer/run.ts`;
  const r = o.rate;
  const lines = [
    '## Node.js tracer overhead (bench/tracer)',
    '',
    `Command: \`${cmd}\` (under \`flock /tmp/argus-bench.lock\`), ${o.started.toISOString().slice(0, 16)} UTC; ${o.duration} s per measurement after ${o.warmup} s warm-up, ${o.rounds} rounds interleaved, autocannon ${o.connections} connections, medians.`,
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.versions.node}${o.appNode ? ` (the apps on Node ${o.appNode})` : ''}; 1-min load average at the start of each measurement: ${Math.min(...o.loads).toFixed(1)}–${Math.max(...o.loads).toFixed(1)} (median ${median(o.loads).toFixed(1)}).`,
    o.pin
      ? 'Pinned (taskset): the app alone on CPU 0; autocannon (in the bench process), the agent, the collector and Redis share CPU 1.'
      : 'Not pinned: app, autocannon (in the bench process), the agent, the collector and Redis share both cores.',
    `Argus exports ${o.via === 'agent' ? "through the agent's tracer intake (real intake + spool + sender, lite-mode V8 flags) to" : 'straight to'} the ${o.target === 'sink' ? 'target' : 'collector'}; stock OpenTelemetry exports straight to it.`,
    o.target === 'sink'
      ? "Target: a stand-in collector that acknowledges every request at once and stores nothing (bench/tracer/delivery/sink-process.ts): the tracers' own cost, no stored-span counts."
      : 'Target: a real Argus collector (its own process, embedded ClickHouse); server spans stored are counted per phase.',
    '',
    `| app | mode | req/s | vs untraced | CPU µs/req @${r}/s | above untraced | p99 ms @${r}/s | p99 added | server spans stored @${r}/s | stored at full speed | CPU µs/req full speed | RSS MB | errors |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const app of o.apps) {
    const base = results.get(`${app}|untraced`) ?? [];
    const baseRps = median(base.map((s) => s.rps));
    const baseCpu = median(base.map((s) => s.rateCpuUs));
    const baseP99 = median(base.map((s) => s.rateP99));
    for (const mode of o.modes) {
      const ss = results.get(`${app}|${mode}`) ?? [];
      if (ss.length === 0) continue;
      const rps = median(ss.map((s) => s.rps));
      const cpu = median(ss.map((s) => s.rateCpuUs));
      const p99 = median(ss.map((s) => s.rateP99));
      const sum = (f: (s: Sample) => number) => ss.reduce((n, s) => n + f(s), 0);
      const traced = mode !== 'untraced';
      const counted = traced && o.target === 'collector';
      lines.push(
        `| ${app} | ${mode} | ${rps.toFixed(0)} | ${pct(rps, baseRps)} | ${cpu.toFixed(1)} | ${traced ? `+${(cpu - baseCpu).toFixed(1)} µs` : '—'} | ${p99.toFixed(1)} | ${traced ? `+${(p99 - baseP99).toFixed(1)}` : '—'} | ${
          counted
            ? `${sum((s) => s.storedRate)} / ${sum((s) => s.servedRate)} (${pct(
                sum((s) => s.storedRate),
                sum((s) => s.servedRate),
              )})`
            : '—'
        } | ${
          counted
            ? `${sum((s) => s.storedFull)} / ${sum((s) => s.servedFull)} (${pct(
                sum((s) => s.storedFull),
                sum((s) => s.servedFull),
              )})`
            : '—'
        } | ${median(ss.map((s) => s.cpuUs)).toFixed(1)} | ${(median(ss.map((s) => s.rss)) / 1048576).toFixed(0)} | ${sum((s) => s.errors)} |`,
      );
    }
  }
  lines.push(
    '',
    `Per-round samples (req/s | CPU µs/req @${r}/s | p99 ms @${r}/s): ${[...results.entries()]
      .map(
        ([k, v]) =>
          `${k}: ${v.map((s) => s.rps.toFixed(0)).join('/')} | ${v.map((s) => s.rateCpuUs.toFixed(1)).join('/')} | ${v.map((s) => s.rateP99).join('/')}`,
      )
      .join('; ')}`,
    '',
  );
  const text = lines.join('\n');
  console.log(`\n${text}`);
  writeFileSync(o.out, text);
  return text;
}
