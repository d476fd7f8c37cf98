import type { CounterRates, MetricPoint } from '@argus/sensor-kit';
import type { Sample } from './queries.js';

type Out = MetricPoint[];

/**
 * pg_stat_database columns -> per-database counters; the headline ones also get a `.rate` gauge (the collector's
 * metrics API derives rates from any counter, so the rest saves the agent points).
 */
const DB_COUNTERS: Array<[column: string, name: string, unit: string, withRate: boolean]> = [
  ['xact_commit', 'postgres.xact.commit', '{transaction}', true],
  ['xact_rollback', 'postgres.xact.rollback', '{transaction}', true],
  ['blks_read', 'postgres.blocks.read', '{block}', true],
  ['blks_hit', 'postgres.blocks.hit', '{block}', true],
  ['tup_returned', 'postgres.tuples.returned', '{tuple}', true],
  ['tup_fetched', 'postgres.tuples.fetched', '{tuple}', true],
  ['tup_inserted', 'postgres.tuples.inserted', '{tuple}', true],
  ['tup_updated', 'postgres.tuples.updated', '{tuple}', true],
  ['tup_deleted', 'postgres.tuples.deleted', '{tuple}', true],
  ['deadlocks', 'postgres.deadlocks', '{deadlock}', false],
  ['temp_bytes', 'postgres.temp.bytes', 'By', false],
  ['temp_files', 'postgres.temp.files', '{file}', false],
  ['conflicts', 'postgres.conflicts', '{conflict}', false],
];

function counter(
  out: Out,
  rates: CounterRates,
  name: string,
  unit: string,
  value: number,
  attributes: Record<string, string>,
  withRate = true,
) {
  out.push({ name, kind: 'counter', unit, value, attributes });
  if (!withRate) return;
  const r = rates.rate(`${name}|${JSON.stringify(attributes)}`, value);
  if (r !== undefined) out.push({ name: `${name}.rate`, unit: `${unit}/s`, value: r, attributes });
}

function connections(s: Sample, out: Out) {
  const byState = new Map<string, number>();
  const byDb = new Map<string, number>();
  let total = 0;
  let longestQuery = 0;
  let longestXact = 0;
  for (const a of s.activity) {
    byState.set(a.state, (byState.get(a.state) ?? 0) + a.n);
    byDb.set(a.db, (byDb.get(a.db) ?? 0) + a.n);
    total += a.n;
    longestQuery = Math.max(longestQuery, a.longest_query);
    longestXact = Math.max(longestXact, a.longest_xact);
  }
  // always report the usual states so a chart shows 0 rather than a gap
  for (const state of ['active', 'idle', 'idle in transaction', 'idle in transaction (aborted)'])
    if (!byState.has(state)) byState.set(state, 0);
  for (const [state, n] of byState) out.push({ name: 'postgres.connections', unit: '{connection}', value: n, attributes: { state } });
  for (const [db, n] of byDb) out.push({ name: 'postgres.db.connections', unit: '{connection}', value: n, attributes: { db } });
  out.push({ name: 'postgres.connections.total', unit: '{connection}', value: total });
  out.push({ name: 'postgres.connections.max', unit: '{connection}', value: s.max_connections });
  // health fact: connections near max_connections
  out.push({ name: 'postgres.connections.usage_ratio', unit: '1', value: s.max_connections ? total / s.max_connections : 0 });
  out.push({ name: 'postgres.query.longest_s', unit: 's', value: longestQuery });
  out.push({ name: 'postgres.xact.longest_s', unit: 's', value: longestXact });
}

function databases(s: Sample, out: Out, rates: CounterRates) {
  let hitAll = 0;
  let readAll = 0;
  let seen = true;
  for (const row of s.databases) {
    const attributes = { db: row.db };
    for (const [column, name, unit, withRate] of DB_COUNTERS) {
      const v = Number(row[column]);
      if (Number.isFinite(v)) counter(out, rates, name, unit, v, attributes, withRate);
    }
    const hit = rates.delta(`hit|${row.db}`, Number(row.blks_hit));
    const read = rates.delta(`read|${row.db}`, Number(row.blks_read));
    if (hit === undefined || read === undefined) {
      seen = false;
      continue;
    }
    hitAll += hit;
    readAll += read;
    // cache hit ratio over the last interval; no point when no block was requested
    if (hit + read > 0) out.push({ name: 'postgres.cache.hit_ratio', unit: '1', value: hit / (hit + read), attributes });
  }
  if (seen && hitAll + readAll > 0) out.push({ name: 'postgres.cache.hit_ratio.overall', unit: '1', value: hitAll / (hitAll + readAll) });
}

function replication(s: Sample, out: Out) {
  out.push({ name: 'postgres.replication.is_replica', unit: '1', value: s.recovery ? 1 : 0 });
  if (s.recovery) {
    if (s.lag_s !== null) out.push({ name: 'postgres.replication.lag_s', unit: 's', value: s.lag_s });
    if (s.lag_bytes !== null) out.push({ name: 'postgres.replication.lag_bytes', unit: 'By', value: s.lag_bytes });
  }
  out.push({ name: 'postgres.replication.replicas', unit: '{replica}', value: s.replicas.length });
  for (const r of s.replicas) {
    const attributes = { replica: r.name, state: r.state ?? '' };
    if (r.lag_bytes !== null) out.push({ name: 'postgres.replication.replica_lag_bytes', unit: 'By', value: r.lag_bytes, attributes });
    out.push({ name: 'postgres.replication.replica_lag_s', unit: 's', value: r.lag_s, attributes });
  }
}

function extras(s: Sample, out: Out, rates: CounterRates) {
  for (const d of s.sizes ?? []) out.push({ name: 'postgres.db.size', unit: 'By', value: d.bytes, attributes: { db: d.db } });
  for (const st of s.statements ?? []) {
    const attributes = { queryid: st.id ?? '', db: st.db, query: st.query ?? '' };
    counter(out, rates, 'postgres.statement.calls', '{call}', st.calls, attributes);
    counter(out, rates, 'postgres.statement.time', 'ms', st.time_ms, attributes);
    counter(out, rates, 'postgres.statement.rows', '{row}', st.rows, attributes, false);
  }
}

/** Every-second metrics from one sample row. */
export function sampleMetrics(s: Sample, rates: CounterRates): MetricPoint[] {
  const out: Out = [{ name: 'postgres.up', unit: '1', value: 1 }];
  connections(s, out);
  databases(s, out, rates);
  replication(s, out);
  extras(s, out, rates);
  return out;
}
