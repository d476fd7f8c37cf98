/**
 * Query benchmark: loads N spans (default 10 million) of a 20-service topology spread over the last 24 hours
 * straight into the `spans` table of embedded ClickHouse, derives the analytics rows the collector computes while
 * ingesting, feeds the spans to the call resolver, then times the analytics API over HTTP (collector in-process)
 * over the last hour and the whole day.
 *
 *   node --import tsx bench/query/run.ts [--spans 10000000] [--runs 5] [--dir /tmp/argus-bench-query] [--skip-freshness]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadAnalyticsConfig } from '../../collector/src/analytics/config.js';
import { startTestCollector } from '@argus/collector/testing';
import { deriveAnalyticsRows, resolveAll } from './derive.js';
import { measureFreshness } from './freshness.js';
import { createTemplateTable, insertTraces } from './load.js';
import { spansPerTrace } from './topology.js';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '5' },
    dir: { type: 'string' },
    'skip-freshness': { type: 'boolean', default: false },
  },
});
const target = Number(values.spans);
const runs = Number(values.runs);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'argus-bench-query-'));
const log = pino({ level: 'warn' });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out: string[] = [];
const say = (s: string) => (console.log(s), out.push(s));

const freshness = values['skip-freshness'] ? undefined : [await measureFreshness(20, 1000), await measureFreshness(20, 250)];

// the whole collector (API over HTTP); its own resolver is off so the load's resolution is timed on its own
process.env.ARGUS_ANALYTICS_RESOLVER = 'off';
const col = await startTestCollector({ dataDir: dir });
const storage = col.deps.storage;
await createTemplateTable(storage);

const perTrace = spansPerTrace();
const traces = Math.round(target / perTrace);
const now = Date.now();
const dayStart = now - 86_400_000;
const chunk = 100_000;
let t0 = Date.now();
for (let first = 0; first < traces; first += chunk) {
  await insertTraces(storage, first, Math.min(chunk, traces - first), traces, dayStart);
  process.stdout.write(`\rloaded ${Math.min(first + chunk, traces)} / ${traces} traces`);
}
const loadMs = Date.now() - t0;
const [{ n: spans }] = await storage.query<{ n: number }>('SELECT count() AS n FROM spans');
console.log();

// the rows the collector derives while ingesting, computed here by SQL over the loaded spans
t0 = Date.now();
await deriveAnalyticsRows(storage);
const deriveMs = Date.now() - t0;
// graceMs 0: unanswered client spans become inferred calls in the same pass
const resolved = await resolveAll(storage, loadAnalyticsConfig({ graceMs: 0, maxTracesPerStep: 10_000 }), log);
const rs = resolved.stats;
const calls = rs.callsWritten - 2 * rs.retractions;

async function get(path: string): Promise<unknown> {
  const res = await fetch(`${col.apiUrl}/api/v1${path}`);
  if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
  return res.json();
}
const ids = (
  await storage.query<{ id: string }>(
    `SELECT lower(hex(trace_id)) AS id FROM spans WHERE service = 'payments' AND timestamp > now() - INTERVAL 30 MINUTE LIMIT ${runs + 1}`,
  )
).map((r) => r.id);
const [{ session }] = await storage.query<{ session: string }>(
  `SELECT attributes['session.id'] AS session FROM spans WHERE service = 'gateway' AND timestamp > now() - INTERVAL 30 MINUTE LIMIT 1`,
);
const hour = `from=${now - 3_600_000}&to=${now}`;
const day = `from=${dayStart}&to=${now}`;
const cases: Array<[string, string, number]> = [
  ['dependency map, last hour', `/dependency-map?${hour}`, 300],
  ['dependency map, 24 h', `/dependency-map?${day}`, 300],
  ['service list with KPIs, last hour', `/services?${hour}`, 300],
  ['service list with KPIs, 24 h', `/services?${day}`, 300],
  ['one service (endpoints, up/downstream, hosts), last hour', `/services/payments?${hour}`, 300],
  ['one service (endpoints, up/downstream, hosts), 24 h', `/services/payments?${day}`, 300],
  ['KPI series of an edge, last hour (1 s steps)', `/kpis?scope=edge&id=checkout|payments&${hour}`, 300],
  ['KPI series of an edge, 24 h (1 min steps)', `/kpis?scope=edge&id=checkout|payments&${day}`, 300],
  ['trace by id (24 spans, as a tree)', '/traces/ID', 50],
  ['trace search, string attribute (session.id), last hour', `/traces?attr.session.id=${session}&${hour}`, 500],
  ['trace search, string attribute (session.id), 24 h', `/traces?attr.session.id=${session}&${day}`, 500],
  ['trace search, numeric-looking value (user.id=4242: string or typed value), last hour', `/traces?attr.user.id=4242&${hour}`, 500],
  ['trace search, numeric-looking value (user.id=4242: string or typed value), 24 h', `/traces?attr.user.id=4242&${day}`, 500],
  ['trace search, service + attribute, 24 h, slowest', `/traces?service=payments&attr.customer.tier=gold&sort=slowest&${day}`, 500],
];
say(`### Query benchmark (bench/query)`);
say('');
say(
  `\`node --import tsx bench/query/run.ts --spans ${target}\` — ${new Date().toISOString()}, 2 cores, embedded chDB (load average at query time noted below).`,
);
say('');
say(
  `- Loaded ${Number(spans).toLocaleString('en')} spans (${traces.toLocaleString('en')} traces, ${perTrace.toFixed(1)} spans/trace, 20 services + 9 inferred, ~15 attributes/span, 24 h) in ${(loadMs / 1000).toFixed(1)} s straight into \`spans\` (${Math.round(Number(spans) / (loadMs / 1000)).toLocaleString('en')} spans/s), then the analytics rows the collector derives while ingesting computed by SQL in ${(deriveMs / 1000).toFixed(1)} s.`,
);
say(
  `- Call resolver fed every trace once, 10,000 traces per batch (as the ingest pipeline hands them over in memory): ${(resolved.resolveMs / 1000).toFixed(1)} s (${Math.round(Number(spans) / (resolved.resolveMs / 1000)).toLocaleString('en')} spans/s); reading the spans back for it (this benchmark only) ${(resolved.readMs / 1000).toFixed(1)} s; ${calls.toLocaleString('en')} call rows net (${rs.retractions.toLocaleString('en')} retractions).`,
);
say(
  `- Load average at query time: ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')}`,
);
say('');
say(`| query | median ms (of ${runs}) | min ms | target ms | |`);
say('|---|---:|---:|---:|---|');
for (const [label, path, limit] of cases) {
  const times: number[] = [];
  await get(path.replace('ID', ids[0]));
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await get(path.replace('ID', ids[(i + 1) % ids.length]));
    times.push(performance.now() - t);
  }
  const m = median(times);
  say(`| ${label} | ${m.toFixed(1)} | ${Math.min(...times).toFixed(1)} | ${limit} | ${m <= limit ? 'ok' : 'OVER'} |`);
}

const sizes = await storage.query<{ table: string; bytes: number; rows: number }>(
  `SELECT table, sum(bytes_on_disk) AS bytes, sum(rows) AS rows FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table ORDER BY bytes DESC`,
);
const per = (b: number) => (((b / Number(spans)) * 1e6) / 1024 / 1024).toFixed(2);
const kpi = sizes.filter((s) => /_kpi_|service_spans|service_instances|endpoint_registry/.test(s.table));
const support = sizes.filter((s) => /^(calls|trace_index)$/.test(s.table));
say('');
say('Storage (active parts on disk, before forced merges):');
say('');
say('| table | rows | MB | MB per million spans |');
say('|---|---:|---:|---:|');
for (const s of [...sizes.filter((x) => x.table === 'spans'), ...support, ...kpi])
  say(`| ${s.table} | ${Number(s.rows).toLocaleString('en')} | ${(Number(s.bytes) / 1048576).toFixed(1)} | ${per(Number(s.bytes))} |`);
const sum = (xs: typeof sizes) => xs.reduce((a, s) => a + Number(s.bytes), 0);
say(`| **KPI tables total** | | ${(sum(kpi) / 1048576).toFixed(1)} | **${per(sum(kpi))}** |`);
say(
  `| resolver support tables (calls: provisional rows only; trace_index) | | ${(sum(support) / 1048576).toFixed(1)} | ${per(sum(support))} |`,
);
if (freshness) {
  say('');
  say(
    'Freshness: span end -> the call is in `/dependency-map` (edge) and the callee endpoint in its KPIs; one client+server span pair per sample over OTLP/JSON, resolver tick 500 ms, 20 samples each:',
  );
  say('');
  say('| ingest batch flush | ingest ack p50 / p95 ms | visible p50 ms | visible p95 ms | max ms |');
  say('|---|---:|---:|---:|---:|');
  for (const [i, f] of freshness.entries())
    say(`| ${i === 0 ? '1000 ms (2x the 500 ms default)' : '250 ms'} | ${f.ackP50} / ${f.ackP95} | ${f.p50} | ${f.p95} | ${f.max} |`);
}
writeFileSync(new URL('../results/query.md', import.meta.url), out.join('\n') + '\n');
await col.stop();
if (!values.dir) rmSync(dir, { recursive: true, force: true });
