/**
 * The reads behind the dependency map, the services table and one service's page, timed through the HTTP API on
 * the UI benchmark's graphs (200 services / 600 edges and 1,000 / 3,000, four minutes of traffic in a six-minute
 * window, made through the real ingest): the median answer time and the collector's CPU per read (process CPU,
 * which includes the embedded ClickHouse's threads, over `--reads` reads). Run it on two commits to compare.
 *
 *   node --import tsx bench/query/map-reads.ts [--reads 40]
 */
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startTestCollector } from '../../collector/testing/index.js';
import { graphTraces, send, serviceGraph } from '../ui/synthetic.js';

const { values } = parseArgs({ options: { reads: { type: 'string', default: '40' } } });
const reads = Number(values.reads);
const c = await startTestCollector({ batchFlushMs: 200 });
const now = Date.now();
const w200 = { from: now - 50 * 60_000, to: now - 44 * 60_000, edges: 600, g: serviceGraph(200, 600, 'small') };
const w1000 = { from: now - 40 * 60_000, to: now - 34 * 60_000, edges: 3000, g: serviceGraph(1000, 3000, 'large') };
for (const w of [w200, w1000]) await send(c.ingestUrl, c.ingestKey, graphTraces(w.g, w.from + 30_000, 4 * 60_000));
const get = async (path: string) => {
  const res = await fetch(`${c.apiUrl}/api/v1${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ edges?: unknown[] }>;
};
for (const w of [w200, w1000])
  for (let i = 0; i < 240 && ((await get(`/dependency-map?from=${w.from}&to=${w.to}`)).edges?.length ?? 0) < w.edges; i++)
    await new Promise((r) => setTimeout(r, 1000));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const commit = execSync('git rev-parse --short HEAD').toString().trim();
const dirty = execSync('git status --porcelain collector/src').toString().trim() ? ' + uncommitted changes' : '';
console.log(
  `commit ${commit}${dirty}, ${reads} reads each, load ${execSync('cat /proc/loadavg').toString().split(' ').slice(0, 3).join(' ')}`,
);
console.log('| read | answer ms (median) | collector CPU ms per read |');
console.log('|---|---|---|');
for (const [label, w] of [
  ['200/600', w200],
  ['1,000/3,000', w1000],
] as const) {
  const q = `from=${w.from}&to=${w.to}`;
  for (const [what, path] of [
    ['dependency map', `/dependency-map?${q}`],
    ['services', `/services?${q}`],
    ['one service', `/services/${w.g.services[0]}?${q}`],
  ]) {
    await get(path);
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < reads; i++) {
      const t = performance.now();
      await get(path);
      times.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpu0);
    console.log(`| ${what}, ${label} | ${median(times).toFixed(1)} | ${((cpu.user + cpu.system) / 1000 / reads).toFixed(1)} |`);
  }
}
await c.destroy();
process.exit(0);
