/**
 * The agent's tracer path for the tracer benches, in its own process: the real tracer intake (agent/src/tracer-intake)
 * feeding the real exporter (on-disk spool + sender, agent/src/export) toward a collector, as `pnpm agent` wires it,
 * without discovery and sensors (they do not touch tracer data). Started with the deployed agent's V8 flags by the
 * caller. Env: TARGET_URL, TARGET_KEY. Prints `AGENT {"port":n}`; `STATS` on stdin -> `AGENTSTATS {...}`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { createExporter } from '../../agent/src/export/index.js';
import { createTracerIntake } from '../../agent/src/tracer-intake/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'argus-bench-agent-'));
const log = pino({ level: 'warn' });
const exporter = createExporter({
  dataDir,
  spoolMaxBytes: 256 * 1024 ** 2,
  maxPointsPerRequest: 20_000,
  log,
  target: () => ({
    endpoint: process.env.TARGET_URL ?? '',
    key: process.env.TARGET_KEY ?? '',
    requestTimeoutMs: 10_000,
    minBackoffMs: 500,
    maxBackoffMs: 30_000,
  }),
});
const intake = createTracerIntake({
  host: '127.0.0.1',
  port: 0,
  version: 'bench',
  identity: { hostId: 'benchhost', hostName: 'bench', hostEntityId: 'host:benchhost' },
  resolveProcess: () => undefined,
  forward: (kind, body) => {
    exporter.forward(kind, body);
    return Promise.resolve();
  },
  log,
});
const { port } = await intake.start();
const flush = setInterval(() => exporter.flush(), 1000);
process.stdout.write(`AGENT ${JSON.stringify({ port })}\n`);

// node:http, not fetch: the deployed agent's flags (--no-expose-wasm) leave no WebAssembly for undici
const metricsText = () =>
  new Promise<string>((resolve, reject) => {
    get(`http://127.0.0.1:${String(port)}/metrics`, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'STATS') return;
  void metricsText().then((text) => {
    const sum = (name: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(name))
        .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    const stats = {
      received: sum('argus_agent_tracer_spans_received_total'),
      refused: sum('argus_agent_tracer_spans_refused_total'),
      dropped: sum('argus_agent_tracer_spans_dropped_total'),
      spool: exporter.stats(),
    };
    process.stdout.write(`AGENTSTATS ${JSON.stringify(stats)}\n`);
  });
});
const stop = () => {
  clearInterval(flush);
  void intake
    .stop()
    .then(() => exporter.drain(5000))
    .then(() => exporter.stop())
    .finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
