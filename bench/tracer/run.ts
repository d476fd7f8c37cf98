/**
 * Tracer overhead benchmark: a bare http hello-world and an express app with one Redis call, each
 * (a) untraced, (b) with the Argus tracer, (c) with stock OpenTelemetry, all exporting to a running collector.
 * Modes are interleaved per round in the same run; medians over rounds are reported.
 *
 *   node --import tsx bench/tracer/run.ts
 * Each measurement: warm-up at full speed, then full speed (req/s, p99, CPU per request), then a fixed offered
 * rate (BENCH_RATE req/s) that every mode sustains, where CPU per request compares like with like. Every run
 * of a traced mode exports under its own service name; the collector's stored server-span count is checked
 * against the requests served (warm-up included).
 * Env: BENCH_DURATION (s per measurement, default 10), BENCH_WARMUP (s, 5), BENCH_ROUNDS (3),
 *      BENCH_CONNECTIONS (50), BENCH_RATE (req/s of the fixed-rate phase, 2000; 0 skips it),
 *      BENCH_PIN=1 (taskset: app alone on CPU 0, load tool + collector on CPU 1),
 *      BENCH_OUT (markdown file, default bench/results/tracer.md).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../../test/servers/index.js';
import { runLoad } from './load.js';
import { startChild } from './proc.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const duration = Number(process.env.BENCH_DURATION ?? 10);
const warmup = Number(process.env.BENCH_WARMUP ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const outFile = process.env.BENCH_OUT ?? `${root}bench/results/tracer.md`;
const rate = Number(process.env.BENCH_RATE ?? 2000);
const pin = process.env.BENCH_PIN === '1';
const started = new Date();
const loads: number[] = [];

type Mode = 'untraced' | 'argus' | 'stock-otel';
const MODES: Mode[] = ['untraced', 'argus', 'stock-otel'];
const APPS = [
  { name: 'bare http', file: 'bare.cjs' },
  { name: 'express + redis', file: 'express-redis.cjs' },
];

interface Sample {
  rps: number;
  /** CPU time of the app process per request (user + system), microseconds */
  cpuUs: number;
  p99: number;
  rss: number;
  errors: number;
  /** CPU µs per request at the fixed offered rate, and the rate achieved */
  rateCpuUs: number;
  rateRps: number;
  /** requests answered over the app's life (warm-up included) and server spans the collector stored */
  served: number;
  exported: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ARGUS_|OTEL_|NODE_OPTIONS)/.test(k)));
}

async function main() {
  if (pin) execFileSync('taskset', ['-pc', '1', String(process.pid)]);
  const collectorProc = await startChild(['--import', 'tsx', `${here}collector-process.ts`], baseEnv(), /COLLECTOR (\{.*\})\n/, {
    cwd: root,
    cpus: pin ? '1' : undefined,
  });
  const exportedBy = async (service: string, served: number) => {
    // wait until every request's server span is stored, or nothing arrives for 8 s (stock OTel flushes every 5 s)
    let last = -1;
    let since = Date.now();
    const first = Date.now();
    for (;;) {
      // the collector may be too busy ingesting to answer: give up after 10 s per question and 60 s in all
      const m = await Promise.race([
        collectorProc.ask(`COUNT ${service}`, new RegExp(`COUNTED ${service} (-?\\d+) (-?\\d+)`)),
        new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
      ]);
      const n = m ? Number(m[1]) : last;
      if (n >= served || (n === last && Date.now() - since > 8000) || Date.now() - first > 60_000) return n;
      if (n !== last) [last, since] = [n, Date.now()];
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const collector = JSON.parse(collectorProc.match[1]) as { ingestUrl: string; ingestKey: string };
  const redis = await startRedis();
  const results = new Map<string, Sample[]>();
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const app of APPS) {
        for (const mode of MODES) {
          const service = `bench-${app.file.replace(/\.cjs$/, '')}-${mode}-r${round}`;
          const env: NodeJS.ProcessEnv = {
            ...baseEnv(),
            REDIS_PORT: String(redis.port),
            ARGUS_SERVICE_NAME: service,
            OTEL_SERVICE_NAME: service,
          };
          const args = [`${here}apps/${app.file}`];
          if (mode === 'argus') {
            args.unshift('--import', '@argus/nodejs/register');
            Object.assign(env, { ARGUS_ENDPOINT: collector.ingestUrl, ARGUS_KEY: collector.ingestKey });
          } else if (mode === 'stock-otel') {
            args.unshift('--require', `${here}stock-otel.cjs`);
            Object.assign(env, {
              OTLP_URL: collector.ingestUrl,
              OTLP_KEY: collector.ingestKey,
              OTEL_METRICS_EXPORTER: 'none',
              OTEL_LOGS_EXPORTER: 'none',
            });
          }
          const child = await startChild(args, env, /LISTENING (\d+)/, { cwd: root, cpus: pin ? '0' : undefined });
          try {
            const url = `http://127.0.0.1:${child.match[1]}/`;
            loads.push(loadavg()[0]);
            const w = await runLoad({ url, connections, duration: warmup });
            const cpu0 = child.cpuSeconds();
            const r = await runLoad({ url, connections, duration });
            const cpuUs = ((child.cpuSeconds() - cpu0) * 1e6) / Math.max(1, r.requests.total);
            const rss = child.rssBytes();
            let rateCpuUs = NaN;
            let rateRps = NaN;
            let served = w.requests.total + r.requests.total;
            if (rate > 0) {
              const c1 = child.cpuSeconds();
              const f = await runLoad({ url, connections, duration, overallRate: rate });
              rateCpuUs = ((child.cpuSeconds() - c1) * 1e6) / Math.max(1, f.requests.total);
              rateRps = f.requests.average;
              served += f.requests.total;
            }
            const exported = mode === 'untraced' ? NaN : await exportedBy(service, served);
            const sample = {
              rps: r.requests.average,
              cpuUs,
              p99: r.latency.p99,
              rss,
              errors: r.errors + r.non2xx + r.timeouts,
              rateCpuUs,
              rateRps,
              served,
              exported,
            };
            const key = `${app.name}|${mode}`;
            results.set(key, [...(results.get(key) ?? []), sample]);
            console.log(
              `round ${round} ${app.name.padEnd(16)} ${mode.padEnd(10)} ${sample.rps.toFixed(0).padStart(6)} req/s  cpu ${sample.cpuUs.toFixed(1)} us/req  @${rate}/s: ${rateRps.toFixed(0)} req/s cpu ${rateCpuUs.toFixed(1)} us/req  p99 ${sample.p99} ms  rss ${(sample.rss / 1048576).toFixed(0)} MB  errors ${sample.errors}  exported ${exported}/${served}`,
            );
          } finally {
            await child.stop();
          }
        }
      }
    }
  } finally {
    await redis.stop();
    await collectorProc.stop();
  }
  writeReport(results);
}

function writeReport(results: Map<string, Sample[]>) {
  const cmd = `${pin ? 'BENCH_PIN=1 ' : ''}BENCH_DURATION=${duration} BENCH_WARMUP=${warmup} BENCH_ROUNDS=${rounds} BENCH_RATE=${rate} node --import tsx bench/tracer/run.ts`;
  const lines = [
    '## Node.js tracer overhead (bench/tracer)',
    '',
    `Command: \`${cmd}\` (under \`flock /tmp/argus-bench.lock\`), ${started.toISOString().slice(0, 16)} UTC; ${duration} s per measurement after ${warmup} s warm-up, ${rounds} rounds interleaved, autocannon ${connections} connections, medians.`,
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.versions.node}; 1-min load average at the start of each measurement: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (median ${median(loads).toFixed(1)}).`,
    pin
      ? 'Pinned (taskset): the app alone on CPU 0; autocannon (in the bench process), the collector and Redis share CPU 1.'
      : 'Not pinned: app, autocannon (in the bench process), the collector and Redis share both cores.',
    'Every traced mode exports to a running Argus collector (its own process, embedded ClickHouse).',
    '',
    `| app | mode | req/s | vs untraced | app CPU µs/req (full speed) | CPU µs/req @${rate}/s | vs untraced | p99 ms | RSS MB | errors | server spans stored / requests |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const app of APPS) {
    const base = median((results.get(`${app.name}|untraced`) ?? []).map((s) => s.rps));
    const baseRateCpu = median((results.get(`${app.name}|untraced`) ?? []).map((s) => s.rateCpuUs));
    for (const mode of MODES) {
      const samples = results.get(`${app.name}|${mode}`) ?? [];
      if (samples.length === 0) continue;
      const rps = median(samples.map((s) => s.rps));
      const rateCpu = median(samples.map((s) => s.rateCpuUs));
      const served = samples.reduce((n, s) => n + s.served, 0);
      const exported = mode === 'untraced' ? '—' : `${samples.reduce((n, s) => n + s.exported, 0)} / ${served}`;
      lines.push(
        `| ${app.name} | ${mode} | ${rps.toFixed(0)} | ${((rps / base) * 100).toFixed(1)}% | ${median(samples.map((s) => s.cpuUs)).toFixed(1)} | ${rateCpu.toFixed(1)} | ${((rateCpu / baseRateCpu) * 100).toFixed(0)}% | ${median(samples.map((s) => s.p99)).toFixed(1)} | ${(median(samples.map((s) => s.rss)) / 1048576).toFixed(0)} | ${samples.reduce((n, s) => n + s.errors, 0)} | ${exported} |`,
      );
    }
  }
  lines.push(
    '',
    `Per-round samples (req/s | CPU µs/req @${rate}/s): ${[...results.entries()].map(([k, v]) => `${k}: ${v.map((s) => s.rps.toFixed(0)).join('/')} | ${v.map((s) => s.rateCpuUs.toFixed(1)).join('/')}`).join('; ')}`,
    '',
  );
  const text = lines.join('\n');
  console.log(`\n${text}`);
  writeFileSync(outFile, text);
}

await main();
