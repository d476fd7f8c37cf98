/**
 * Quick A/B of tracer CPU per request (a development aid, not the reported benchmark): one app at a fixed
 * offered rate, each mode in its own process pinned to CPU 0, exporting to an in-process sink that acknowledges
 * everything (the collector is out of the picture). Prints CPU µs/request per mode and round, and the medians.
 *
 *   node --import tsx bench/tracer/quick.ts [modes=untraced,argus] [rate=2000] [seconds=5] [rounds=3] [app=bare.cjs]
 * A mode may carry extra environment for its process after a colon, `;`-separated: e.g.
 * `argus:ARGUS_SERVER_TIMING=off` or `untraced:NODE_OPTIONS=--require ./x.cjs` (what a part of the tracer costs).
 * QUICK_PROF=1 adds --cpu-prof (profiles in /tmp/argus-quick-prof). QUICK_IDLE=1 also measures each process idle
 * after its load (CPU ms per second: the fixed per-second work). BENCH_NODE=<path>: the apps run on that Node.js binary.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runLoad } from './load.js';
import { startChild } from './proc.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const [modesArg = 'untraced,argus', rateArg = '2000', secondsArg = '5', roundsArg = '3', app = 'bare.cjs'] = process.argv.slice(2);
const modes = modesArg.split(',');
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const rounds = Number(roundsArg);

execFileSync('taskset', ['-pc', '1', String(process.pid)]);
let spansBytes = 0;
const sink = createServer((req, res) => {
  req.on('data', (c: Buffer) => (spansBytes += c.length));
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end());
});
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

const kindOf = (mode: string) => mode.split(':')[0];
const extraEnv = (mode: string): NodeJS.ProcessEnv =>
  Object.fromEntries(
    mode
      .slice(mode.indexOf(':') + 1 || mode.length)
      .split(';')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
const env = (mode: string): NodeJS.ProcessEnv => {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ARGUS_|OTEL_|NODE_OPTIONS)/.test(k)));
  if (kindOf(mode) === 'stock-otel')
    return { ...base, OTLP_URL: sinkUrl, OTLP_KEY: 'x', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', ...extraEnv(mode) };
  return { ...base, ARGUS_ENDPOINT: sinkUrl, ARGUS_KEY: 'x', ARGUS_SERVICE_NAME: 'quick', ...extraEnv(mode) };
};
const args = (full: string): string[] => {
  const mode = kindOf(full);
  const prof =
    process.env.QUICK_PROF === '1'
      ? ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=/tmp/argus-quick-prof/${full.replace(/[^a-z0-9=_-]+/gi, '_')}`]
      : [];
  const file = `${here}apps/${app}`;
  if (mode === 'untraced') return [...prof, file];
  if (mode === 'stock-otel') return [...prof, '--require', `${here}stock-otel.cjs`, file];
  return [...prof, '--import', '@argus/nodejs/register', file];
};

const results = new Map<string, number[]>();
const idle = new Map<string, number[]>();
for (let round = 1; round <= rounds; round++) {
  for (const mode of modes) {
    const child = await startChild(args(mode), env(mode), /LISTENING (\d+)/, { cwd: root, cpus: '0', node: process.env.BENCH_NODE });
    try {
      const url = `http://127.0.0.1:${child.match[1]}/`;
      await runLoad({ url, connections: 20, duration: 2, overallRate: rate });
      const c0 = child.cpuSeconds();
      const r = await runLoad({ url, connections: 20, duration: seconds, overallRate: rate });
      const us = ((child.cpuSeconds() - c0) * 1e6) / Math.max(1, r.requests.total);
      results.set(mode, [...(results.get(mode) ?? []), us]);
      if (process.env.QUICK_IDLE === '1') {
        // the fixed per-second work with no requests (runtime metrics, timers, exports): CPU ms per second
        await new Promise((done) => setTimeout(done, 1000));
        const i0 = child.cpuSecondsFine();
        await new Promise((done) => setTimeout(done, seconds * 1000));
        const msPerS = ((child.cpuSecondsFine() - i0) * 1000) / seconds;
        idle.set(mode, [...(idle.get(mode) ?? []), msPerS]);
        console.log(`round ${round} ${mode.padEnd(12)} idle ${msPerS.toFixed(2)} ms CPU/s`);
      }
      console.log(
        `round ${round} ${mode.padEnd(12)} ${us.toFixed(1)} µs/req  ${r.requests.average.toFixed(0)} req/s  p99 ${r.latency.p99} ms  rss ${(child.rssBytes() / 1048576).toFixed(0)} MB`,
      );
    } finally {
      await child.stop();
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [mode, xs] of results)
  console.log(`${mode.padEnd(12)} median ${median(xs).toFixed(1)} µs/req  (${xs.map((x) => x.toFixed(1)).join(', ')})`);
for (const [mode, xs] of idle)
  console.log(`${mode.padEnd(12)} idle median ${median(xs).toFixed(2)} ms CPU/s  (${xs.map((x) => x.toFixed(2)).join(', ')})`);
console.log(`sink received ${(spansBytes / 1048576).toFixed(1)} MB`);
sink.close();
