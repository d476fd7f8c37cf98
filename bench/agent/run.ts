/**
 * Agent overhead benchmark: the agent's own CPU (% of one core) and RSS at 1-second cadence with >= 300
 * processes on the host, side by side with prometheus-node-exporter scraped every second (and netdata when
 * installed), in the same run.
 *
 *   node --import tsx bench/agent/run.ts [--minutes 5] [--seconds N] [--processes 300] [--warmup 20] [--no-peers]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { countProcesses, createMeter } from './measure.js';
import { bundleAgent } from './bundle.js';
import { startNetdata, startNodeExporter, type Peer } from './peers.js';
import { renderReport, type Row } from './report.js';
import { SCENARIOS } from './scenarios.js';
import { agentFromSource, spawnAgent } from './spawn-agent.js';

const opts = new Command()
  .option('--minutes <n>', 'measured minutes per scenario', '5')
  .option('--seconds <n>', 'measured seconds per scenario (overrides --minutes)')
  .option('--processes <n>', 'minimum processes on the host', '300')
  .option('--warmup <s>', 'seconds ignored after start', '20')
  .option('--only <text>', 'run only scenarios whose name contains this')
  .option('--no-peers', 'skip node_exporter / netdata')
  .option('--out <file>', 'markdown output', 'bench/results/agent.md')
  .parse()
  .opts<{ minutes: string; seconds?: string; processes: string; warmup: string; only?: string; peers: boolean; out: string }>();

const seconds = opts.seconds ? Number(opts.seconds) : Number(opts.minutes) * 60;
const warmup = Number(opts.warmup);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  // 1. at least N processes on the host
  const fillers: ChildProcess[] = [];
  while (countProcesses() < Number(opts.processes)) {
    for (let i = 0; i < 25; i++) fillers.push(spawn('sleep', ['100000'], { stdio: 'ignore' }));
    await sleep(50);
  }
  const processCount = countProcesses();

  // 2. a sink standing in for the collector (its cost is not the agent's)
  const sink = { requests: 0, bytes: 0, metrics: 0 };
  const server = createServer((req, res) => {
    req.on('data', (c: Buffer) => {
      sink.bytes += c.length;
    });
    req.on('end', () => {
      sink.requests++;
      if (req.url === '/v1/metrics') sink.metrics++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const sinkUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    for (const sc of SCENARIOS.filter((s) => !opts.only || s.name.includes(opts.only))) {
      const setup = await sc.setup();
      const dir = mkdtempSync(join(tmpdir(), 'argus-bench-agent-'));
      const cfg = join(dir, 'agent.yaml');
      writeFileSync(cfg, setup.configYaml ?? '{}\n');
      const args =
        sc.runner === 'bundle'
          ? [await bundleAgent(dir), '--config', cfg] // the start script: exec node <BUNDLE_NODE_FLAGS> argus-agent.mjs
          : agentFromSource(cfg);
      const agent = spawnAgent(args, dir, sinkUrl, setup.env);
      const peers: Peer[] = [];
      if (sc.withPeers && opts.peers) {
        const ne = await startNodeExporter(19100 + Math.floor(Math.random() * 800));
        if (ne) peers.push(ne);
        else notes.push('prometheus-node-exporter not installed: `apt-get install -y prometheus-node-exporter`');
        const nd = await startNetdata(19999);
        if (nd) peers.push(nd);
        else notes.push('netdata not measured (not installed or did not start)');
      }
      const metricsBefore = sink.metrics;
      await sleep(warmup * 1000);
      const meters = [
        { name: `argus agent — ${sc.name}`, m: createMeter(agent.pid!, false) },
        ...peers.map((p) => ({ name: p.name, m: createMeter(p.pid, p.tree) })),
      ];
      const start = Date.now();
      const sinkAtStart = sink.metrics;
      for (let i = 0; i <= seconds; i++) {
        const at = Date.now();
        for (const { m } of meters) m.tick(at);
        await sleep(Math.max(0, start + (i + 1) * 1000 - Date.now()));
      }
      const elapsed = (Date.now() - start) / 1000;
      for (const { name, m } of meters) rows.push({ name, samples: m.samples, cpuSeconds: m.cpuSeconds(), elapsed });
      const scrapes = peers.find((p) => p.scrapes)?.scrapes?.();
      if (scrapes) notes.push(`node_exporter scrapes: ${scrapes.ok} ok, ${scrapes.failed} failed`);
      notes.push(
        `${sc.name}: ${sink.metrics - sinkAtStart} metric payloads received in ${elapsed.toFixed(0)} s (${sink.metrics - metricsBefore} since start)`,
      );
      for (const p of peers) await p.stop();
      agent.kill('SIGTERM');
      await new Promise((r) => agent.once('exit', r));
      await setup.cleanup?.();
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    server.close();
    for (const f of fillers) f.kill('SIGKILL');
  }

  const md = renderReport({
    rows,
    notes,
    seconds,
    warmup,
    processCount,
    cores: cpus().length,
    load: loadavg(),
    command: `node --import tsx bench/agent/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
  });
  writeFileSync(opts.out, md);
  console.log(md);
}

await main();
