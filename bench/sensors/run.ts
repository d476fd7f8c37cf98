/**
 * CPU cost of the host, process and container sensors at 1-second cadence, with at least PROCS processes on
 * the host (idle `sleep` processes are started to reach it). Side by side in the same run: the naive
 * per-process approach (stat + statm + status of every process every second, the design the process sensor
 * avoids). Reports the median CPU time per 1-second sample and the resulting % of one core.
 *
 *   node --import tsx bench/sensors/run.ts            # SECONDS=60 PROCS=300 by default
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import pino from 'pino';
import type { AnySensor, SensorContext } from '@argus/sensor-kit';
import { sensor as host } from '@argus/sensor-host';
import { sensor as proc } from '@argus/sensor-process';
import { sensor as container } from '@argus/sensor-container';

const SECONDS = Number(process.env.SECONDS ?? 60);
const PROCS = Number(process.env.PROCS ?? 300);

const countProcs = () => readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
const children: ChildProcess[] = [];
while (countProcs() + children.length < PROCS) children.push(spawn('sleep', ['3600'], { stdio: 'ignore' }));
await new Promise((r) => setTimeout(r, 500));

const ctx = (s: AnySensor): SensorContext => ({
  config: s.configSchema.parse({}),
  log: pino({ level: 'silent' }),
  resource: { 'host.id': 'bench' },
  hostEntityId: 'host:bench',
  procRoot: '/proc',
  emit: () => {},
});

function naive(): number {
  let n = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      n +=
        readFileSync(`/proc/${pid}/stat`, 'utf8').length +
        readFileSync(`/proc/${pid}/statm`, 'utf8').length +
        readFileSync(`/proc/${pid}/status`, 'utf8').length;
    } catch {
      /* process exited */
    }
  }
  return n;
}

const cpuMs = async (fn: () => unknown) => {
  const t = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

const all: AnySensor[] = [host, proc, container];
const instances = await Promise.all(
  all.map(async (s) => ({ name: s.name, inst: await s.create(s.detect(null, s.configSchema.parse({})), ctx(s)) })),
);
const samples: Record<string, number[]> = { host: [], process: [], container: [], 'naive stat+statm+status': [] };
const points: Record<string, number> = {};
for (let i = 0; i < SECONDS; i++) {
  const tickStart = Date.now();
  for (const { name, inst } of instances) {
    let metrics = 0;
    samples[name].push(await cpuMs(async () => (metrics = (await inst.collect(AbortSignal.timeout(1000))).metrics.length)));
    points[name] = metrics;
  }
  samples['naive stat+statm+status'].push(await cpuMs(naive));
  await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - tickStart))));
}
for (const c of children) c.kill('SIGKILL');

console.log(
  `processes on the host: ${countProcs() + children.length} (${children.length} started by the bench); ${SECONDS} samples at 1 s; node ${process.version}`,
);
console.log('| sensor | median CPU ms per sample | mean CPU ms per sample | % of one core at 1 Hz (mean) | metric points per sample |');
console.log('|---|---|---|---|---|');
for (const [name, a] of Object.entries(samples)) {
  const rest = a.slice(1);
  const mean = rest.reduce((x, y) => x + y, 0) / rest.length;
  console.log(`| ${name} | ${median(rest).toFixed(2)} | ${mean.toFixed(2)} | ${(mean / 10).toFixed(2)}% | ${points[name] ?? '-'} |`);
}
