/**
 * Tracer overhead benchmark: a bare http hello-world and an express app with one Redis call, each
 * (a) untraced, (b) with the Argus tracer, (c) with stock OpenTelemetry, all exporting to a running collector.
 * Modes are interleaved per round in the same run; medians over rounds are reported.
 *
 *   node --import tsx bench/tracer/run.ts
 * Env: BENCH_DURATION (s per measurement, default 10), BENCH_WARMUP (s, 5), BENCH_ROUNDS (3),
 *      BENCH_CONNECTIONS (50), BENCH_OUT (markdown file, default bench/results/tracer.md).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
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
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ARGUS_|OTEL_|NODE_OPTIONS)/.test(k)));
}

async function main() {
  const collectorProc = await startChild(['--import', 'tsx', `${here}collector-process.ts`], baseEnv(), /COLLECTOR (\{.*\})\n/, root);
  const collector = JSON.parse(collectorProc.match[1]) as { ingestUrl: string; ingestKey: string };
  const redis = await startRedis();
  const results = new Map<string, Sample[]>();
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const app of APPS) {
        for (const mode of MODES) {
          const env: NodeJS.ProcessEnv = { ...baseEnv(), REDIS_PORT: String(redis.port) };
          const args = [`${here}apps/${app.file}`];
          if (mode === 'argus') {
            args.unshift('--import', '@argus/nodejs/register');
            Object.assign(env, { ARGUS_ENDPOINT: collector.ingestUrl, ARGUS_KEY: collector.ingestKey });
          } else if (mode === 'stock-otel') {
            args.unshift('--require', `${here}stock-otel.cjs`);
            Object.assign(env, { OTLP_URL: collector.ingestUrl, OTLP_KEY: collector.ingestKey, OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
          }
          const child = await startChild(args, env, /LISTENING (\d+)/, root);
          try {
            const url = `http://127.0.0.1:${child.match[1]}/`;
            await runLoad({ url, connections, duration: warmup });
            const cpu0 = child.cpuSeconds();
            const r = await runLoad({ url, connections, duration });
            const cpuUs = ((child.cpuSeconds() - cpu0) * 1e6) / Math.max(1, r.requests.total);
            const sample = { rps: r.requests.average, cpuUs, p99: r.latency.p99, rss: child.rssBytes(), errors: r.errors + r.non2xx + r.timeouts };
            const key = `${app.name}|${mode}`;
            results.set(key, [...(results.get(key) ?? []), sample]);
            console.log(`round ${round} ${app.name.padEnd(16)} ${mode.padEnd(10)} ${sample.rps.toFixed(0).padStart(6)} req/s  cpu ${sample.cpuUs.toFixed(1)} us/req  p99 ${sample.p99} ms  rss ${(sample.rss / 1048576).toFixed(0)} MB  errors ${sample.errors}`);
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
  const lines = [
    '## Node.js tracer overhead (bench/tracer)',
    '',
    `Command: \`node --import tsx bench/tracer/run.ts\` (BENCH_DURATION=${duration} s per measurement after ${warmup} s warm-up, ${rounds} rounds interleaved, autocannon ${connections} connections, medians).`,
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.versions.node}; shared with other agents while measuring, so absolute numbers are noisy; ratios come from the same run.`,
    'Every traced mode exports to a running Argus collector (its own process, embedded ClickHouse); autocannon runs in the bench process.',
    '',
    '| app | mode | req/s | vs untraced | app CPU µs/req | vs untraced | p99 ms | RSS MB | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const app of APPS) {
    const base = median((results.get(`${app.name}|untraced`) ?? []).map((s) => s.rps));
    const baseCpu = median((results.get(`${app.name}|untraced`) ?? []).map((s) => s.cpuUs));
    for (const mode of MODES) {
      const samples = results.get(`${app.name}|${mode}`) ?? [];
      if (samples.length === 0) continue;
      const rps = median(samples.map((s) => s.rps));
      const cpu = median(samples.map((s) => s.cpuUs));
      lines.push(
        `| ${app.name} | ${mode} | ${rps.toFixed(0)} | ${((rps / base) * 100).toFixed(1)}% | ${cpu.toFixed(1)} | ${((cpu / baseCpu) * 100).toFixed(0)}% | ${median(samples.map((s) => s.p99)).toFixed(1)} | ${(median(samples.map((s) => s.rss)) / 1048576).toFixed(0)} | ${samples.reduce((n, s) => n + s.errors, 0)} |`,
      );
    }
  }
  lines.push('', `Per-round samples (req/s): ${[...results.entries()].map(([k, v]) => `${k}: ${v.map((s) => s.rps.toFixed(0)).join('/')}`).join('; ')}`, '');
  const text = lines.join('\n');
  console.log(`\n${text}`);
  writeFileSync(outFile, text);
}

await main();
