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
 * QUICK_CONCURRENT=1 runs every mode's process at the same time (all on CPU 0, each under its own load): this VM's
 * speed drifts by +-30% between rounds, and modes measured side by side see the same speed, so their differences
 * scatter far less than those of modes measured one after another.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** the main thread's user and system ticks and voluntary context switches (each one a wake-up of the event loop) */
const mainThread = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
  return { user: Number(f[11]), system: Number(f[12]), wakeups: Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0) };
};
const mainThreadLine = (a: ReturnType<typeof mainThread>, b: ReturnType<typeof mainThread>, requests: number) => {
  const ticks = b.user - a.user + (b.system - a.system);
  return `main thread: system ${ticks ? (((b.system - a.system) / ticks) * 100).toFixed(0) : '-'}%, wake-ups/req ${((b.wakeups - a.wakeups) / Math.max(1, requests)).toFixed(2)}`;
};
const results = new Map<string, number[]>();
const idle = new Map<string, number[]>();
/** every mode's process at once, each under its own load: they share the machine's speed of the moment */
const concurrent = async (round: number) => {
  const children = await Promise.all(
    modes.map((mode) => startChild(args(mode), env(mode), /LISTENING (\d+)/, { cwd: root, cpus: '0', node: process.env.BENCH_NODE })),
  );
  try {
    const urls = children.map((c) => `http://127.0.0.1:${c.match[1]}/`);
    await Promise.all(urls.map((url) => runLoad({ url, connections: 20, duration: 2, overallRate: rate })));
    const c0 = children.map((c) => c.cpuSecondsFine());
    const m0 = children.map((c) => mainThread(c.pid));
    const rs = await Promise.all(urls.map((url) => runLoad({ url, connections: 20, duration: seconds, overallRate: rate })));
    modes.forEach((mode, i) => {
      const us = ((children[i].cpuSecondsFine() - c0[i]) * 1e6) / Math.max(1, rs[i].requests.total);
      results.set(mode, [...(results.get(mode) ?? []), us]);
      const line = mainThreadLine(m0[i], mainThread(children[i].pid), rs[i].requests.total);
      console.log(
        `round ${round} ${mode.padEnd(12)} ${us.toFixed(1)} µs/req  ${rs[i].requests.average.toFixed(0)} req/s  p99 ${rs[i].latency.p99} ms  ${line}`,
      );
    });
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
};
for (let round = 1; round <= rounds; round++) {
  if (process.env.QUICK_CONCURRENT === '1') {
    await concurrent(round);
    continue;
  }
  for (const mode of modes) {
    const child = await startChild(args(mode), env(mode), /LISTENING (\d+)/, { cwd: root, cpus: '0', node: process.env.BENCH_NODE });
    try {
      const url = `http://127.0.0.1:${child.match[1]}/`;
      await runLoad({ url, connections: 20, duration: 2, overallRate: rate });
      const c0 = child.cpuSecondsFine();
      const m0 = mainThread(child.pid);
      const r = await runLoad({ url, connections: 20, duration: seconds, overallRate: rate });
      const us = ((child.cpuSecondsFine() - c0) * 1e6) / Math.max(1, r.requests.total);
      const line = mainThreadLine(m0, mainThread(child.pid), r.requests.total);
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
        `round ${round} ${mode.padEnd(12)} ${us.toFixed(1)} µs/req  ${r.requests.average.toFixed(0)} req/s  p99 ${r.latency.p99} ms  rss ${(child.rssBytes() / 1048576).toFixed(0)} MB  ${line}`,
      );
    } finally {
      await child.stop();
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [mode, xs] of results)
  console.log(`${mode.padEnd(12)} median ${median(xs).toFixed(1)} µs/req  (${xs.map((x) => x.toFixed(1)).join(', ')})`);
// each mode against the first, round by round (the machine's speed of the moment cancels out of a same-round pair)
const [baseMode, ...others] = modes;
const base = results.get(baseMode) ?? [];
for (const mode of others) {
  const xs = results.get(mode) ?? [];
  const diffs = xs.map((x, i) => x - base[i]).sort((a, b) => a - b);
  const q = (f: number) => diffs[Math.min(diffs.length - 1, Math.floor(diffs.length * f))].toFixed(1);
  console.log(
    `${mode.padEnd(12)} vs ${baseMode}: same-round difference median ${median(diffs).toFixed(1)} µs/req (quartiles ${q(0.25)} .. ${q(0.75)})`,
  );
}
for (const [mode, xs] of idle)
  console.log(`${mode.padEnd(12)} idle median ${median(xs).toFixed(2)} ms CPU/s  (${xs.map((x) => x.toFixed(2)).join(', ')})`);
console.log(`sink received ${(spansBytes / 1048576).toFixed(1)} MB`);
sink.close();
