/**
 * Totals over a one-hour range (the UI's default) read at 1 s resolution: from the 1 s tables alone (as before,
 * `resolution=1s` still asks for that) or from the 1 min rollup for the whole minutes plus the 1 s tables for the
 * partial minutes at both ends (the default now). A collector filled through the real ingest with an hour of
 * traffic on a 50-service / 150-edge graph (every edge called every `--every` seconds), then /dependency-map,
 * /services and one service's endpoints asked both ways, alternating; answers compared, times in medians.
 *
 *   node --import tsx bench/query/kpi-tiers.ts [--every 4] [--rounds 15]
 */
import { parseArgs } from 'node:util';
import { startTestCollector } from '../../collector/testing/index.js';
import { graphTraces, send, serviceGraph } from '../ui/synthetic.js';

const { values } = parseArgs({ options: { every: { type: 'string', default: '4' }, rounds: { type: 'string', default: '15' } } });
const every = Number(values.every) * 1000;
const rounds = Number(values.rounds);
const c = await startTestCollector({});
const now = Date.now();
const to = now - 60_000;
const from = to - 3_600_000;
const g = serviceGraph(50, 150, 'tier');
let spans = 0;
const t0 = performance.now();
for (let t = from; t < to; t += every * 20) {
  const batch = [];
  for (let k = 0; k < 20 && t + k * every < to; k++) batch.push(...graphTraces(g, t + k * every, every));
  spans += batch.length;
  await send(c.ingestUrl, c.ingestKey, batch);
}
console.log(`ingested ${spans} spans in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
const get = async (path: string) => {
  const res = await fetch(`${c.apiUrl}/api/v1${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ edges?: Array<{ calls: number }> }>;
};
const expected = g.edges.length * Math.ceil((to - from) / every);
for (let i = 0; i < 240; i++) {
  const m = await get(`/dependency-map?from=${from}&to=${to}&resolution=1s`);
  if (m.edges!.reduce((a, e) => a + e.calls, 0) >= expected) break;
  await new Promise((r) => setTimeout(r, 1000));
}
const [rows] = await c.deps.storage.query<{ s: string; m: string }>(
  `SELECT (SELECT count() FROM edge_kpi_1s) AS s, (SELECT count() FROM edge_kpi_1m) AS m`,
);
console.log(`edge rows: ${rows.s} at 1 s, ${rows.m} at 1 min`);

const paths = [
  `/dependency-map?from=${from}&to=${to}`,
  `/services?from=${from}&to=${to}`,
  `/services/${g.services[0]}?from=${from}&to=${to}`,
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('| query (1 h range) | 1 s tables alone, ms | whole minutes from the 1 min rollup, ms | ratio | same answer |');
console.log('|---|---|---|---|---|');
for (const p of paths) {
  const times = { plain: [] as number[], tiered: [] as number[] };
  let same = true;
  for (let r = 0; r < rounds; r++) {
    let a: unknown;
    let b: unknown;
    for (const kind of r % 2 ? (['tiered', 'plain'] as const) : (['plain', 'tiered'] as const)) {
      const t = performance.now();
      const answer = await get(kind === 'plain' ? `${p}&resolution=1s` : p);
      times[kind].push(performance.now() - t);
      if (kind === 'plain') a = answer;
      else b = answer;
    }
    same &&= JSON.stringify(a) === JSON.stringify(b);
  }
  const [mp, mt] = [median(times.plain), median(times.tiered)];
  console.log(`| ${p.split('?')[0]} | ${mp.toFixed(1)} | ${mt.toFixed(1)} | ${(mt / mp).toFixed(2)}x | ${same ? 'yes' : 'NO'} |`);
}
await c.destroy();
process.exit(0);
