/**
 * Trace search and scatter at scale, against a data directory that already holds many spans (e.g. a copy of the
 * soak's, `cp -a /tmp/argus-soak-XXXX /tmp/soak-copy` while it runs): each query of the API's services (the
 * /traces page, the scatter) and the single full-sort query the trace list used before (LIMIT 1 BY over the range),
 * alternating, each timed, with ClickHouse's peak tracked memory (system.metrics MemoryTracking sampled every 20 ms
 * on another connection) and whether ClickHouse refused it. Embedded storage with its default memory limit.
 *
 *   node --import tsx bench/query/trace-search-memory.ts --data-dir /tmp/soak-copy [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { startTestCollector } from '../../collector/testing/index.js';
import { ENDPOINT_EXPR, spanWhere } from '../../collector/src/query/span-filter.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, rounds: { type: 'string', default: '3' } } });
if (!values['data-dir']) throw new Error('--data-dir is required');
const c = await startTestCollector({ dataDir: values['data-dir'], jobs: 'off' });
const storage = c.deps.storage;
const [span] = await storage.query<{ from: number; to: number; n: string; traces: string }>(
  `SELECT toUnixTimestamp64Milli(min(timestamp)) AS from, toUnixTimestamp64Milli(max(timestamp)) AS to, count() AS n,
     uniq(trace_id) AS traces FROM spans`,
);
const range = { from: Number(span.from), to: Number(span.to) };
console.error(`spans ${span.n}, traces ~${span.traces}, ${((range.to - range.from) / 60_000).toFixed(1)} minutes`);

const tracked = async () =>
  Number((await storage.query<{ v: string }>(`SELECT value AS v FROM system.metrics WHERE metric = 'MemoryTracking'`))[0].v);

async function measure(name: string, run: () => Promise<unknown>) {
  const base = await tracked();
  let peak = base;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await tracked());
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  let error = '';
  try {
    await run();
  } catch (e) {
    error = (e as Error).message.slice(0, 120);
  }
  const ms = performance.now() - t0;
  sampling = false;
  await sampler;
  return { name, ms: Math.round(ms), peakAboveIdleMb: Math.round((peak - base) / 1048576), error };
}

const { where, params } = spanWhere('default', range, {});
const queries: Array<[string, () => Promise<unknown>]> = [
  ['traces (newest, 20)', () => c.deps.queries.traces.searchTraces('default', {}, { range, limit: 20, offset: 0, sort: 'newest' })],
  ['traces (slowest, 20)', () => c.deps.queries.traces.searchTraces('default', {}, { range, limit: 20, offset: 0, sort: 'slowest' })],
  ['scatter (2000)', () => c.deps.queries.traces.scatter('default', {}, { range, limit: 2000 })],
  [
    'before: full sort, LIMIT 1 BY trace_id',
    () =>
      storage.query(
        `SELECT lower(hex(trace_id)) AS trace_id, service, name, kind, ${ENDPOINT_EXPR} AS endpoint, toUnixTimestamp64Milli(timestamp) AS start_ms,
           duration_ns, has_error FROM spans WHERE ${where} ORDER BY timestamp DESC, duration_ns DESC LIMIT 1 BY trace_id LIMIT 20`,
        params,
      ),
  ],
  [
    'before: scatter, GROUP BY every trace',
    () =>
      storage.query(
        `SELECT lower(hex(trace_id)) AS id, max(duration_ns) AS dur_ns FROM spans WHERE ${where} GROUP BY trace_id ORDER BY cityHash64(trace_id) LIMIT 2000`,
        params,
      ),
  ],
];
const results: Awaited<ReturnType<typeof measure>>[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [name, run] of round % 2 ? [...queries].reverse() : queries) {
    const r = await measure(name, run);
    console.error(JSON.stringify({ round, ...r }));
    results.push(r);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| query | median ms | peak ClickHouse memory above idle, median | refused |`);
console.log(`|---|---|---|---|`);
for (const [name] of queries) {
  const rs = results.filter((r) => r.name === name);
  const refused = rs.filter((r) => r.error).length;
  console.log(
    `| ${name} | ${median(rs.map((r) => r.ms))} | ${median(rs.map((r) => r.peakAboveIdleMb))} MB | ${refused} of ${rs.length}${refused ? ` (${rs.find((r) => r.error)!.error})` : ''} |`,
  );
}
await c.stop();
process.exit(0);
