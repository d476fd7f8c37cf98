import type { EdgeSummary, EndpointSummary, ServiceSummary } from '@argus/api';
import type { KpiRange } from '../../query/resolution.js';
import type { Storage } from '../../storage/storage.js';
import { healthOf, KPI_AGG, kpiSource, rangeParams, toKpis, type KpiRow } from './kpi-sql.js';

export type { EdgeSummary, EndpointSummary, ServiceSummary };

const p = rangeParams;

/** Instrumented services (entry-span KPIs), inferred services (KPIs of the calls they receive) and services seen only as callers. */
export async function listServices(storage: Storage, tenant: string, r: KpiRange, only?: string): Promise<ServiceSummary[]> {
  const filter = only === undefined ? '' : ' AND service = {only:String}';
  const calleeFilter = only === undefined ? '' : ' AND callee_service = {only:String}';
  const params = { ...p(tenant, r), only };
  const [own, inferred, seen, counts] = await Promise.all([
    storage.query<KpiRow & { name: string }>(
      `SELECT service AS name, ${KPI_AGG} FROM ${kpiSource('endpoint', r)} WHERE 1${filter} GROUP BY service`,
      params,
    ),
    storage.query<KpiRow & { name: string; type: ServiceSummary['type'] }>(
      `SELECT callee_service AS name, any(callee_type) AS type, ${KPI_AGG} FROM ${kpiSource('edge', r)}
       WHERE callee_type != 'service'${calleeFilter} GROUP BY callee_service HAVING calls != 0`,
      params,
    ),
    storage.query<{ name: string }>(
      `SELECT service AS name FROM service_instances WHERE tenant = {tenant:String}${filter} GROUP BY service
       HAVING max(last_seen) >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND min(first_seen) < toDateTime(intDiv({to:Int64}, 1000), 'UTC')`,
      params,
    ),
    storage.query<{ name: string; spans: number }>(
      `SELECT service AS name, sum(spans) AS spans FROM service_spans_1m WHERE tenant = {tenant:String}${filter}
       AND ts >= toStartOfMinute(toDateTime(intDiv({from:Int64}, 1000), 'UTC')) AND ts < toDateTime(intDiv({to:Int64}, 1000), 'UTC') GROUP BY service`,
      params,
    ),
  ]);
  const spans = new Map(counts.map((c) => [c.name, Number(c.spans)]));
  const out = new Map<string, ServiceSummary>();
  const add = (name: string, type: ServiceSummary['type'], row?: KpiRow) => {
    const kpis = toKpis(row, r.seconds);
    out.set(name, { name, spans: spans.get(name) ?? 0, type, kpis, health: healthOf(kpis) });
  };
  for (const s of seen) add(s.name, 'service');
  for (const s of counts) if (!out.has(s.name)) add(s.name, 'service');
  for (const s of own) add(s.name, 'service', s);
  for (const s of inferred) if (!out.has(s.name)) add(s.name, s.type, s);
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Service-to-service edges (optionally only those touching one service). */
export async function listEdges(storage: Storage, tenant: string, r: KpiRange, service?: string): Promise<EdgeSummary[]> {
  const filter = service === undefined ? '' : ' AND (caller_service = {svc:String} OR callee_service = {svc:String})';
  const rows = await storage.query<KpiRow & { caller: string; callee: string; callee_type: EdgeSummary['calleeType'] }>(
    `SELECT caller_service AS caller, callee_service AS callee, callee_type, ${KPI_AGG} FROM ${kpiSource('edge', r)}
     WHERE 1${filter} GROUP BY caller_service, callee_service, callee_type HAVING calls != 0 ORDER BY caller, callee`,
    { ...p(tenant, r), svc: service },
  );
  return rows.map((e) => ({ caller: e.caller, callee: e.callee, calleeType: e.callee_type, kpis: toKpis(e, r.seconds) }));
}

/** Endpoints of an instrumented service (entry spans) or of an inferred one (calls it received). */
export async function listEndpoints(
  storage: Storage,
  tenant: string,
  r: KpiRange,
  service: string,
  inferred: boolean,
): Promise<EndpointSummary[]> {
  const sql = inferred
    ? `SELECT callee_endpoint AS name, ${KPI_AGG} FROM ${kpiSource('edge', r)} WHERE callee_service = {svc:String}
       GROUP BY callee_endpoint HAVING calls != 0 ORDER BY calls DESC`
    : `SELECT endpoint AS name, ${KPI_AGG} FROM ${kpiSource('endpoint', r)} WHERE service = {svc:String}
       GROUP BY endpoint ORDER BY calls DESC`;
  const rows = await storage.query<KpiRow & { name: string }>(sql, { ...p(tenant, r), svc: service });
  return rows.map((e) => {
    const kpis = toKpis(e, r.seconds);
    return { name: e.name, kpis, health: healthOf(kpis) };
  });
}
