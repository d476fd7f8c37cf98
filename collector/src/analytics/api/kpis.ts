import type { KpiScope, KpiSeriesResponse, Kpis } from '@argus/api';
import type { KpiRange } from '../../query/resolution.js';
import type { Storage } from '../../storage/storage.js';
import { KPI_AGG, toKpis, TS_FILTER, type KpiRow } from './kpi-sql.js';

/** What a KPI series is of: a service, an endpoint of a service, or a caller -> callee edge. */
export type KpiTarget =
  | { scope: 'service'; service: string }
  | { scope: 'endpoint'; service: string; endpoint: string }
  | { scope: 'edge'; caller: string; callee: string };

interface Source {
  table: 'endpoint' | 'edge';
  where: string;
  params: Record<string, string>;
}

/** Instrumented services and endpoints read their entry spans' KPIs; inferred ones (no entry spans) the calls they receive. */
function sourceOf(t: KpiTarget, inferred: boolean): Source {
  if (t.scope === 'service')
    return inferred
      ? { table: 'edge', where: 'callee_service = {a:String}', params: { a: t.service } }
      : { table: 'endpoint', where: 'service = {a:String}', params: { a: t.service } };
  if (t.scope === 'endpoint')
    return inferred
      ? { table: 'edge', where: 'callee_service = {a:String} AND callee_endpoint = {b:String}', params: { a: t.service, b: t.endpoint } }
      : { table: 'endpoint', where: 'service = {a:String} AND endpoint = {b:String}', params: { a: t.service, b: t.endpoint } };
  return { table: 'edge', where: 'caller_service = {a:String} AND callee_service = {b:String}', params: { a: t.caller, b: t.callee } };
}

/** A KPI series over a range at the range's resolution, every step present (zeros where nothing happened), plus totals. */
export async function kpiSeries(storage: Storage, tenant: string, target: KpiTarget, r: KpiRange): Promise<KpiSeriesResponse> {
  const base = { tenant, from: r.from, to: r.to };
  let source = sourceOf(target, false);
  if (source.table === 'endpoint') {
    // an inferred service (database, queue, external host) has no entry spans: read the calls it received
    const [hit] = await storage.query<{ n: number }>(
      `SELECT count() AS n FROM endpoint_kpi_${r.resolution} WHERE ${TS_FILTER} AND ${source.where}`,
      { ...base, ...source.params },
    );
    if (Number(hit?.n ?? 0) === 0) source = sourceOf(target, true);
  }
  const table = `${source.table}_kpi_${r.resolution}`;
  const params = { ...base, ...source.params };
  const [rows, [total]] = await Promise.all([
    storage.query<KpiRow & { t: number }>(
      `SELECT toUnixTimestamp(ts) * 1000 AS t, ${KPI_AGG} FROM ${table} WHERE ${TS_FILTER} AND ${source.where} GROUP BY ts ORDER BY ts`,
      params,
    ),
    storage.query<KpiRow>(`SELECT ${KPI_AGG} FROM ${table} WHERE ${TS_FILTER} AND ${source.where}`, params),
  ]);
  const byTs = new Map(rows.map((row) => [Number(row.t), row]));
  const stepSeconds = r.stepMs / 1000;
  const points: Array<{ t: number } & Kpis> = [];
  for (let t = r.from; t < r.to; t += r.stepMs) points.push({ t, ...toKpis(byTs.get(t), stepSeconds) });
  const scope: KpiScope = target.scope;
  return { scope, from: r.from, to: r.to, resolution: r.resolution, stepSeconds, total: toKpis(total, r.seconds), points };
}
