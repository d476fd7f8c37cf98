/**
 * Technology sensors overhead: the agent's CPU (% of one core) and RSS with the nginx, PostgreSQL and Redis
 * sensors active at 1-second cadence, against the same agent with only the host/process/container sensors,
 * in the same run (alternating rounds, the same servers running throughout). Target: the three sensors
 * together add under 0.5% of one core.
 *
 *   node --import tsx bench/agent/tech-sensors.ts [--seconds 60] [--rounds 2] [--warmup 10] [--out bench/results/tech-sensors.md]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { startNginx, startPostgres, startRedis } from '../../test/servers/index.js';
import { createMeter, median, type Sample } from './measure.js';
import { agentFromSource, spawnAgent } from './spawn-agent.js';
import { startTechSink, type SinkWindow } from './tech-sink.js';

const opts = new Command()
  .option('--seconds <n>', 'measured seconds per phase', '60')
  .option('--rounds <n>', 'baseline/tech pairs, alternated', '2')
  .option('--warmup <s>', 'seconds ignored after each agent start', '10')
  .option('--out <file>', 'markdown output', 'bench/results/tech-sensors.md')
  .parse()
  .opts<{ seconds: string; rounds: string; warmup: string; out: string }>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 1024 * 1024;
const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

interface Phase {
  name: string;
  yaml: string;
}
interface Result {
  phase: string;
  samples: Sample[];
  cpuSeconds: number;
  elapsed: number;
  sink: SinkWindow;
}

const BASELINE: Phase = {
  name: 'host/process/container sensors only',
  yaml: 'sensors:\n  nginx: { enabled: false }\n  postgres: { enabled: false }\n  redis: { enabled: false }\n',
};
const TECH: Phase = { name: 'plus nginx + PostgreSQL + Redis sensors', yaml: '{}\n' };

async function runPhase(phase: Phase, sinkUrl: string, sink: Awaited<ReturnType<typeof startTechSink>>): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'argus-bench-tech-'));
  writeFileSync(join(dir, 'agent.yaml'), phase.yaml);
  const agent = spawnAgent(agentFromSource(join(dir, 'agent.yaml')), dir, sinkUrl);
  try {
    await sleep(Number(opts.warmup) * 1000);
    sink.reset();
    const meter = createMeter(agent.pid!, false);
    const seconds = Number(opts.seconds);
    const start = Date.now();
    for (let i = 0; i <= seconds; i++) {
      meter.tick(Date.now());
      await sleep(Math.max(0, start + (i + 1) * 1000 - Date.now()));
    }
    const elapsed = (Date.now() - start) / 1000;
    return { phase: phase.name, samples: meter.samples, cpuSeconds: meter.cpuSeconds(), elapsed, sink: sink.window() };
  } finally {
    agent.kill('SIGTERM');
    await new Promise((r) => agent.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

function summary(results: Result[], phase: string) {
  const rs = results.filter((r) => r.phase === phase);
  const cpu = rs.flatMap((r) => r.samples.map((s) => s.cpuPct));
  const rss = rs.flatMap((r) => r.samples.map((s) => s.rss / MB));
  const mean = (rs.reduce((s, r) => s + r.cpuSeconds, 0) / rs.reduce((s, r) => s + r.elapsed, 0)) * 100;
  const last = rs[rs.length - 1].sink;
  const techPoints = ['nginx', 'postgres', 'redis'].map((t) => last.points.get(t) ?? 0);
  const instances = ['nginx', 'postgres', 'redis'].map((t) => last.entities.get(t)?.size ?? 0);
  return {
    cpuMedian: median(cpu),
    cpuMean: mean,
    rssMedian: median(rss),
    rssMax: Math.max(...rss),
    loaded: last.sensorsLoaded,
    techPoints,
    instances,
    perRound: rs.map((r) => (r.cpuSeconds / r.elapsed) * 100),
  };
}

async function main() {
  const servers = await Promise.all([startNginx({ stubStatus: true }), startPostgres({ statStatements: true }), startRedis()]);
  const sink = await startTechSink();
  const results: Result[] = [];
  try {
    for (let round = 0; round < Number(opts.rounds); round++) {
      // alternate the order so machine-load drift does not favour one phase
      const order = round % 2 === 0 ? [BASELINE, TECH] : [TECH, BASELINE];
      for (const phase of order) {
        console.error(`round ${round + 1}: ${phase.name}`);
        const r = await runPhase(phase, sink.url, sink);
        console.error(
          `  ${((r.cpuSeconds / r.elapsed) * 100).toFixed(2)}% CPU, ${r.sink.sensorsLoaded} sensors loaded, points ${JSON.stringify([...r.sink.points])}`,
        );
        results.push(r);
      }
    }
  } finally {
    await sink.close();
    await Promise.all(servers.map((s) => s.stop()));
  }
  const base = summary(results, BASELINE.name);
  const tech = summary(results, TECH.name);
  const added = tech.cpuMean - base.cpuMean;
  const techInstances = tech.instances.reduce((a, b) => a + b, 0);
  const lines = [
    '## Technology sensors overhead (bench/agent/tech-sensors.ts)',
    '',
    `Command: \`${['node --import tsx bench/agent/tech-sensors.ts', ...process.argv.slice(2)].join(' ')}\``,
    '',
    `${new Date().toISOString()}: ${opts.rounds} alternating rounds of ${opts.seconds} s per phase after ${opts.warmup} s warm-up; ` +
      `agent process sampled from /proc every second; ${cpus().length} cores; load average at the end ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}. ` +
      'Both phases ran in the same window, alternating (read absolute numbers against the load average). ' +
      'nginx (stub_status), PostgreSQL (pg_stat_statements preloaded) and Redis ran on loopback during both phases; the agent discovers every server ' +
      'on the host, so servers started by other helpers at the same time are monitored too (counted below).',
    '',
    '| phase | CPU mean (% of one core) | CPU median | per round | RSS median (MB) | RSS max (MB) | sensors loaded | nginx/postgres/redis instances | their points in the window |',
    '|---|---:|---:|---|---:|---:|---:|---|---|',
  ];
  for (const [name, s] of [
    [BASELINE.name, base],
    [TECH.name, tech],
  ] as const) {
    lines.push(
      `| ${name} | ${f(s.cpuMean)} | ${f(s.cpuMedian)} | ${s.perRound.map((x) => f(x)).join(', ')} | ${f(s.rssMedian, 1)} | ${f(s.rssMax, 1)} | ${s.loaded} | ${s.instances.join('/')} | ${s.techPoints.join('/')} |`,
    );
  }
  lines.push(
    '',
    `Added by the technology sensors: ${f(added)}% of one core (mean CPU difference) for ${techInstances} instance(s)` +
      `${techInstances ? `, ${f(added / techInstances, 3)}% per instance` : ''}; RSS +${f(tech.rssMedian - base.rssMedian, 1)} MB (medians).`,
    `Target: the three sensors together add < 0.5% of one core -> ${added < 0.5 ? 'met' : 'NOT met'}${techInstances > 3 ? ` (with ${techInstances} instances monitored, more than our three)` : ''}.`,
  );
  const md = lines.join('\n') + '\n';
  writeFileSync(opts.out, md);
  console.log(md);
}

await main();
