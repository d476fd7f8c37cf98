/**
 * Delivery bench: can tracer -> agent intake -> collector carry the spans of a busy service? A process traced by the
 * Argus tracer records DELIVERY_RATE server spans per second (default 20000, a 20,000 req/s service) for
 * DELIVERY_SECONDS through the OpenTelemetry API (`delivery/generator.cjs`); it exports to the agent's real tracer
 * intake + spool + sender (`agent-process.ts`, deployed V8 flags), which forwards to
 *   (a) a collector that always keeps up (`delivery/sink-process.ts`: answers at once, counts spans), and
 *   (b) a real Argus collector (embedded ClickHouse), where the share stored is reported.
 * Every span lost is accounted for: the tracer's own counters (queue_full, export_failed), the intake's Prometheus
 * counters, and what arrived.
 *
 *   node --import tsx bench/tracer/delivery.ts
 * Env: DELIVERY_RATE, DELIVERY_SECONDS (10), DELIVERY_TARGETS (sink,collector), BENCH_PIN=1 (generator on CPU 0;
 *      agent and target on CPU 1), DELIVERY_OUT (markdown, default bench/results/tracer-delivery.md).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startChild, type Child } from './proc.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const rate = Number(process.env.DELIVERY_RATE ?? 20_000);
const seconds = Number(process.env.DELIVERY_SECONDS ?? 10);
const targets = (process.env.DELIVERY_TARGETS ?? 'sink,collector').split(',');
const pin = process.env.BENCH_PIN === '1';
const out = process.env.DELIVERY_OUT ?? `${root}bench/results/tracer-delivery.md`;
const AGENT_FLAGS = ['--max-semi-space-size=1', '--lite-mode', '--single-threaded', '--no-expose-wasm'];

const baseEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ARGUS_|OTEL_|NODE_OPTIONS)/.test(k)));

interface Row {
  target: string;
  generated: number;
  exported: number;
  droppedQueueFull: number;
  droppedExportFailed: number;
  agentReceived: number;
  agentRefused: number;
  agentDropped: number;
  delivered: number;
  generatorUsPerSpan: number;
  agentUsPerSpan: number;
  targetCpuPct: number;
  load: number;
}

async function settle(read: () => Promise<number>, want: number): Promise<number> {
  let last = -1;
  let since = Date.now();
  const first = Date.now();
  for (;;) {
    const n = await read();
    if (n >= want || (n === last && Date.now() - since > 8000) || Date.now() - first > 90_000) return n;
    if (n !== last) [last, since] = [n, Date.now()];
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function runTarget(target: string): Promise<Row> {
  const side = pin ? '1' : undefined;
  const service = `delivery-${target}`;
  let sink: Child;
  let url: string;
  let key = '';
  if (target === 'sink') {
    sink = await startChild(['--import', 'tsx', `${here}delivery/sink-process.ts`], baseEnv(), /SINK (\{.*\})\n/, {
      cwd: root,
      cpus: side,
    });
    url = (JSON.parse(sink.match[1]) as { url: string }).url;
  } else {
    sink = await startChild(['--import', 'tsx', `${here}collector-process.ts`], baseEnv(), /COLLECTOR (\{.*\})\n/, {
      cwd: root,
      cpus: side,
    });
    const c = JSON.parse(sink.match[1]) as { ingestUrl: string; ingestKey: string };
    [url, key] = [c.ingestUrl, c.ingestKey];
  }
  const agent = await startChild(
    [...AGENT_FLAGS, '--import', 'tsx', `${here}agent-process.ts`],
    { ...baseEnv(), TARGET_URL: url, TARGET_KEY: key },
    /AGENT (\{.*\})\n/,
    {
      cwd: root,
      cpus: side,
    },
  );
  const port = (JSON.parse(agent.match[1]) as { port: number }).port;
  console.log(`${target}: target and agent up, ${rate} spans/s for ${seconds} s`);
  try {
    const load = loadavg()[0];
    const agentCpu0 = agent.cpuSeconds();
    const sinkCpu0 = sink.cpuSeconds();
    const t0 = Date.now();
    const gen = await startChild(
      [`${here}delivery/generator.cjs`],
      {
        ...baseEnv(),
        ARGUS_AGENT_PORT: String(port),
        ARGUS_SERVICE_NAME: service,
        SPANS_PER_SECOND: String(rate),
        SECONDS: String(seconds),
      },
      /GENERATED (\{.*\})\n/,
      { cwd: root, cpus: pin ? '0' : undefined },
    );
    const g = JSON.parse(gen.match[1]) as {
      spans: number;
      cpuUs: number;
      stats: { exported: number; droppedQueueFull: number; droppedExportFailed: number };
    };
    await gen.stop();
    const delivered =
      target === 'sink'
        ? await settle(
            async () => (JSON.parse((await sink.ask('COUNT', /SINKCOUNT (\{.*\})/))[1]) as { spans: number }).spans,
            g.stats.exported,
          )
        : await settle(
            async () =>
              (JSON.parse((await sink.ask(`COUNT ${service}`, new RegExp(`COUNTED ${service} (\\{.*\\})`)))[1]) as Record<string, number>)[
                '*'
              ] ?? 0,
            g.stats.exported,
          );
    const elapsed = (Date.now() - t0) / 1000;
    const a = JSON.parse((await agent.ask('STATS', /AGENTSTATS (\{.*\})/))[1]) as { received: number; refused: number; dropped: number };
    return {
      target,
      generated: g.spans,
      exported: g.stats.exported,
      droppedQueueFull: g.stats.droppedQueueFull,
      droppedExportFailed: g.stats.droppedExportFailed,
      agentReceived: a.received,
      agentRefused: a.refused,
      agentDropped: a.dropped,
      delivered,
      generatorUsPerSpan: g.cpuUs / Math.max(1, g.spans),
      agentUsPerSpan: ((agent.cpuSeconds() - agentCpu0) * 1e6) / Math.max(1, a.received),
      targetCpuPct: ((sink.cpuSeconds() - sinkCpu0) / elapsed) * 100,
      load,
    };
  } finally {
    await agent.stop();
    await sink.stop();
  }
}

if (pin) execFileSync('taskset', ['-pc', '1', String(process.pid)]);
const rows: Row[] = [];
for (const t of targets) {
  const row = await runTarget(t);
  rows.push(row);
  console.log(JSON.stringify(row));
}
const cmd = `${pin ? 'BENCH_PIN=1 ' : ''}DELIVERY_RATE=${rate} DELIVERY_SECONDS=${seconds} node --import tsx bench/tracer/delivery.ts`;
const lines = [
  '## Tracer delivery: tracer -> agent intake -> collector (bench/tracer/delivery.ts)',
  '',
  `Command: \`${cmd}\`, ${new Date().toISOString().slice(0, 16)} UTC. ${cpus().length} cores, Node ${process.versions.node}. ${rate} spans/s offered for ${seconds} s by a traced process (server-span-shaped spans through the OpenTelemetry API).`,
  pin ? 'Pinned: the traced process on CPU 0; the agent (lite-mode flags) and the target on CPU 1.' : 'Not pinned.',
  '',
  '| target | load avg | generated | tracer exported | tracer dropped (queue full / export failed) | agent received / refused / dropped | delivered | share | tracer CPU µs/span | agent CPU µs/span | target CPU |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.target === 'sink' ? 'collector that keeps up (sink)' : 'Argus collector (embedded ClickHouse)'} | ${r.load.toFixed(1)} | ${r.generated} | ${r.exported} | ${r.droppedQueueFull} / ${r.droppedExportFailed} | ${r.agentReceived} / ${r.agentRefused} / ${r.agentDropped} | ${r.delivered} | ${((100 * r.delivered) / Math.max(1, r.generated)).toFixed(1)}% | ${r.generatorUsPerSpan.toFixed(2)} | ${r.agentUsPerSpan.toFixed(2)} | ${r.targetCpuPct.toFixed(0)}% |`,
  ),
  '',
];
writeFileSync(out, lines.join('\n'));
console.log(lines.join('\n'));
