/**
 * Tracer overhead benchmark: a bare http hello-world and an express app with one Redis call, each (a) untraced,
 * (b) with the Argus tracer, (c) with stock OpenTelemetry (NodeSDK + auto-instrumentations + BatchSpanProcessor +
 * OTLP proto exporter), all exporting to a running collector (its own process, embedded ClickHouse). Argus goes
 * through the agent's tracer intake (the real intake + spool + sender, `agent-process.ts`, with the deployed agent's
 * V8 flags) as deployed; BENCH_ARGUS_VIA=direct sends straight to the collector instead. Modes are interleaved per
 * round in the same run; medians over rounds are reported.
 *
 *   node --import tsx bench/tracer/run.ts
 * Each measurement: warm-up at full speed (path /warm), full speed (/full: req/s, p99, CPU per request), then a fixed
 * offered rate (/rate, BENCH_RATE req/s) that every mode sustains, where CPU per request and p99 compare like with like.
 * Every traced run exports under its own service name; the collector's stored server spans are counted per phase
 * against the requests served.
 * Env: BENCH_DURATION (s per measurement, default 10), BENCH_WARMUP (s, 5), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50),
 *      BENCH_RATE (req/s of the fixed-rate phase, 2000; 0 skips it), BENCH_PIN=1 (taskset: app alone on CPU 0; load
 *      tool, agent, collector and Redis on CPU 1), BENCH_APPS (bare,express), BENCH_ARGUS_VIA (agent | direct),
 *      BENCH_TARGET (collector | sink: a stand-in collector that acknowledges at once and stores nothing, so the
 *      tracers' own cost is measured without the collector's CPU on the machine; no stored-span counts then),
 *      BENCH_OUT (markdown file, default bench/results/tracer-run.md; the curated report with the analysis is bench/results/tracer.md),
 *      BENCH_NODE (the Node.js binary the apps run on, e.g. a newer release than the bench's own).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../../test/servers/index.js';
import { runLoad } from './load.js';
import { startChild, type Child } from './proc.js';
import { writeReport, type Sample } from './report.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const env = process.env;
const opts = {
  duration: Number(env.BENCH_DURATION ?? 10),
  warmup: Number(env.BENCH_WARMUP ?? 5),
  rounds: Number(env.BENCH_ROUNDS ?? 3),
  connections: Number(env.BENCH_CONNECTIONS ?? 50),
  rate: Number(env.BENCH_RATE ?? 2000),
  pin: env.BENCH_PIN === '1',
  via: env.BENCH_ARGUS_VIA === 'direct' ? ('direct' as const) : ('agent' as const),
  target: env.BENCH_TARGET === 'sink' ? ('sink' as const) : ('collector' as const),
  out: env.BENCH_OUT ?? `${root}bench/results/tracer-run.md`,
};
const started = new Date();
const loads: number[] = [];

type Mode = 'untraced' | 'argus' | 'stock-otel';
const MODES: Mode[] = ['untraced', 'argus', 'stock-otel'];
const ALL_APPS = [
  { key: 'bare', name: 'bare http', file: 'bare.cjs' },
  { key: 'express', name: 'express + redis', file: 'express-redis.cjs' },
];
const APPS = ALL_APPS.filter((a) => (env.BENCH_APPS ?? 'bare,express').split(',').includes(a.key));
/** the deployed agent's V8 flags (bench/agent/bundle.ts BUNDLE_NODE_FLAGS) */
const AGENT_FLAGS = ['--max-semi-space-size=1', '--lite-mode', '--single-threaded', '--no-expose-wasm'];

function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^(ARGUS_|OTEL_|NODE_OPTIONS)/.test(k)));
}

/** server spans stored per phase path; waits until the rate phase is complete or nothing arrives for 8 s (60 s in all) */
async function storedBy(collector: Child, service: string, expectRate: number): Promise<Record<string, number>> {
  let last = '';
  let since = Date.now();
  const first = Date.now();
  for (;;) {
    const m = await Promise.race([
      collector.ask(`COUNT ${service}`, new RegExp(`COUNTED ${service} (\\{.*\\})`)),
      new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
    ]);
    const counts = m ? (JSON.parse(m[1]) as Record<string, number>) : {};
    const key = JSON.stringify(counts);
    if ((counts['/rate'] ?? 0) >= expectRate || (key === last && Date.now() - since > 8000) || Date.now() - first > 60_000) return counts;
    if (key !== last) [last, since] = [key, Date.now()];
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main() {
  if (opts.pin) execFileSync('taskset', ['-pc', '1', String(process.pid)]);
  const side = opts.pin ? '1' : undefined;
  const sink = opts.target === 'sink';
  const collector = await startChild(
    ['--import', 'tsx', sink ? `${here}delivery/sink-process.ts` : `${here}collector-process.ts`],
    baseEnv(),
    sink ? /SINK (\{.*\})\n/ : /COLLECTOR (\{.*\})\n/,
    { cwd: root, cpus: side },
  );
  const target = sink
    ? { ingestUrl: (JSON.parse(collector.match[1]) as { url: string }).url, ingestKey: 'sink' }
    : (JSON.parse(collector.match[1]) as { ingestUrl: string; ingestKey: string });
  const agent = await startChild(
    [...AGENT_FLAGS, '--import', 'tsx', `${here}agent-process.ts`],
    { ...baseEnv(), TARGET_URL: target.ingestUrl, TARGET_KEY: target.ingestKey },
    /AGENT (\{.*\})\n/,
    { cwd: root, cpus: side },
  );
  const agentPort = (JSON.parse(agent.match[1]) as { port: number }).port;
  const redis = await startRedis();
  const results = new Map<string, Sample[]>();
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      for (const app of APPS) {
        for (const mode of MODES) {
          const service = `bench-${app.key}-${mode}-r${round}`;
          const appEnv: NodeJS.ProcessEnv = {
            ...baseEnv(),
            REDIS_PORT: String(redis.port),
            ARGUS_SERVICE_NAME: service,
            OTEL_SERVICE_NAME: service,
          };
          const args = [`${here}apps/${app.file}`];
          if (mode === 'argus') {
            args.unshift('--import', '@argus/nodejs/register');
            if (opts.via === 'agent') appEnv.ARGUS_AGENT_PORT = String(agentPort);
            else Object.assign(appEnv, { ARGUS_ENDPOINT: target.ingestUrl, ARGUS_KEY: target.ingestKey });
          } else if (mode === 'stock-otel') {
            args.unshift('--require', `${here}stock-otel.cjs`);
            Object.assign(appEnv, {
              OTLP_URL: target.ingestUrl,
              OTLP_KEY: target.ingestKey,
              OTEL_METRICS_EXPORTER: 'none',
              OTEL_LOGS_EXPORTER: 'none',
            });
          }
          const child = await startChild(args, appEnv, /LISTENING (\d+)/, {
            cwd: root,
            cpus: opts.pin ? '0' : undefined,
            node: process.env.BENCH_NODE,
          });
          try {
            const url = `http://127.0.0.1:${child.match[1]}`;
            loads.push(loadavg()[0]);
            const w = await runLoad({ url: `${url}/warm`, connections: opts.connections, duration: opts.warmup });
            const cpu0 = child.cpuSeconds();
            const full = await runLoad({ url: `${url}/full`, connections: opts.connections, duration: opts.duration });
            const cpuUs = ((child.cpuSeconds() - cpu0) * 1e6) / Math.max(1, full.requests.total);
            const rss = child.rssBytes();
            const c1 = child.cpuSeconds();
            const fixed =
              opts.rate > 0
                ? await runLoad({ url: `${url}/rate`, connections: opts.connections, duration: opts.duration, overallRate: opts.rate })
                : undefined;
            const rateCpuUs = fixed ? ((child.cpuSeconds() - c1) * 1e6) / Math.max(1, fixed.requests.total) : NaN;
            const stored = mode === 'untraced' || sink ? {} : await storedBy(collector, service, fixed?.requests.total ?? 0);
            const sample: Sample = {
              rps: full.requests.average,
              cpuUs,
              p99: full.latency.p99,
              rss,
              errors: full.errors + full.non2xx + full.timeouts + (fixed ? fixed.errors + fixed.non2xx + fixed.timeouts : 0),
              rateCpuUs,
              rateRps: fixed?.requests.average ?? NaN,
              rateP99: fixed?.latency.p99 ?? NaN,
              rateP50: fixed?.latency.p50 ?? NaN,
              servedFull: w.requests.total + full.requests.total,
              storedFull: (stored['/warm'] ?? 0) + (stored['/full'] ?? 0),
              servedRate: fixed?.requests.total ?? 0,
              storedRate: stored['/rate'] ?? 0,
            };
            const key = `${app.name}|${mode}`;
            results.set(key, [...(results.get(key) ?? []), sample]);
            console.log(
              `round ${round} ${app.name.padEnd(16)} ${mode.padEnd(10)} ${sample.rps.toFixed(0).padStart(6)} req/s  cpu ${cpuUs.toFixed(1)} us/req  ` +
                `@${opts.rate}/s: ${sample.rateRps.toFixed(0)} req/s cpu ${rateCpuUs.toFixed(1)} us/req p99 ${sample.rateP99} ms  ` +
                `stored full ${sample.storedFull}/${sample.servedFull} rate ${sample.storedRate}/${sample.servedRate}  errors ${sample.errors}`,
            );
          } finally {
            await child.stop();
          }
        }
      }
    }
  } finally {
    await redis.stop();
    await agent.stop();
    await collector.stop();
  }
  const appNode = env.BENCH_NODE ? execFileSync(env.BENCH_NODE, ['-p', 'process.versions.node']).toString().trim() : undefined;
  writeReport(results, { ...opts, started, loads, apps: APPS.map((a) => a.name), modes: MODES, appNode });
}

await main();
