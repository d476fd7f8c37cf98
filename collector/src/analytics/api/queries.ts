import type { EdgeSummary, EndpointSummary, ServiceSummary } from '@argus/api';
import type { KpiRange } from '../../query/resolution.js';
import type { Storage } from '../../storage/storage.js';
import { healthOf, KPI_AGG, kpiSource, rangeParams, toKpis, type KpiRow } from './kpi-sql.js';

export type { EdgeSummary, EndpointSummary, ServiceSummary };

const p = rangeParams;

/** Which part of a combined read a row comes from (see readParts). */
type Part = 'own' | 'inferred' | 'seen' | 'spans' | 'edge';

interface PartRow extends KpiRow {
  part: Part;
  name: string;
  callee: string;
  type: string;
  spans: number;
}

/** The KPI columns of KPI_AGG for parts that have none (same names and types, so the parts can be UNION ALL'd). */
const NO_KPIS = `0 AS calls, 0 AS errors, 0 AS client_errors, 0 AS duration_sum,
  CAST(([], []), 'Tuple(Array(UInt16), Array(Int64))') AS h, nan AS p50, nan AS p90, nan AS p99`;

/**
 * The parts of a service list: instrumented services (entry-span KPIs), inferred services (KPIs of the calls they
 * receive, by callee and type), services seen running, and span counts. `only` narrows each to one service;
 * `inferred: false` leaves the inferred services to the edge part (edgePart's grouping sets).
 */
function serviceParts(r: KpiRange, only: boolean, inferred = true): string[] {
  const filter = only ? ' AND service = {only:String}' : '';
  const head = (part: Part, name: string) => `SELECT '${part}' AS part, ${name} AS name, '' AS callee`;
  const own = `${head('own', 'service')}, 'service' AS type, toUInt64(0) AS spans, ${KPI_AGG}
       FROM ${kpiSource('endpoint', r)} WHERE 1${filter} GROUP BY service`;
  const inferredPart = `${head('inferred', 'callee_service')}, callee_type AS type, toUInt64(0) AS spans, ${KPI_AGG}
       FROM ${kpiSource('edge', r)} WHERE callee_type != 'service'${only ? ' AND callee_service = {only:String}' : ''}
       GROUP BY callee_service, callee_type HAVING calls != 0`;
  const seen = `${head('seen', 'service')}, 'service' AS type, toUInt64(0) AS spans, ${NO_KPIS}
       FROM service_instances WHERE tenant = {tenant:String}${filter} GROUP BY service
       HAVING max(last_seen) >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND min(first_seen) < toDateTime(intDiv({to:Int64}, 1000), 'UTC')`;
  const spans = `${head('spans', 'service')}, 'service' AS type, toUInt64(sum(spans)) AS spans, ${NO_KPIS}
       FROM service_spans_1m WHERE tenant = {tenant:String}${filter}
       AND ts >= toStartOfMinute(toDateTime(intDiv({from:Int64}, 1000), 'UTC')) AND ts < toDateTime(intDiv({to:Int64}, 1000), 'UTC') GROUP BY service`;
  return inferred ? [own, inferredPart, seen, spans] : [own, seen, spans];
}

/**
 * The part of service-to-service edges (optionally only those touching {svc:String}); with `inferred`, the same scan
 * also groups by callee and type (GROUPING SETS) for the inferred services (type not 'service'; with `touching`,
 * only {only:String}), as serviceParts' inferred part would.
 */
function edgePart(r: KpiRange, touching: boolean, inferred: boolean): string {
  const filter = touching ? ' AND (caller_service = {svc:String} OR callee_service = {svc:String})' : '';
  if (!inferred)
    return `SELECT 'edge' AS part, caller_service AS name, callee_service AS callee, callee_type AS type, toUInt64(0) AS spans, ${KPI_AGG}
      FROM ${kpiSource('edge', r)} WHERE 1${filter} GROUP BY caller_service, callee_service, callee_type HAVING calls != 0`;
  return `SELECT if(grouping(caller_service) = 0, 'edge', 'inferred') AS part, if(part = 'edge', caller_service, callee_service) AS name,
      if(part = 'edge', callee_service, '') AS callee, callee_type AS type, toUInt64(0) AS spans, ${KPI_AGG}
    FROM ${kpiSource('edge', r)} WHERE 1${filter}
    GROUP BY GROUPING SETS ((caller_service, callee_service, callee_type), (callee_service, callee_type))
    HAVING calls != 0 AND (part = 'edge' OR (type != 'service'${touching ? ' AND name = {only:String}' : ''}))`;
}

/**
 * Several parts in one query (UNION ALL): ClickHouse's fixed cost per query (parsing, analysis, planning: ~10-15 ms
 * here, more than these reads' work) is paid once. The dependency map's five reads took ~80 ms of CPU as five queries
 * and ~50 ms as one (edges and inferred services in one scan: edgePart).
 */
function readParts(storage: Storage, tenant: string, r: KpiRange, parts: string[], extra: Record<string, unknown>) {
  return storage.query<PartRow>(parts.join('\nUNION ALL\n'), { ...p(tenant, r), ...extra });
}

/** Services from a combined read: seen and counted ones, then instrumented (their KPIs), then inferred ones; by name. */
function servicesOf(rows: readonly PartRow[], seconds: number): ServiceSummary[] {
  const spans = new Map<string, number>();
  for (const row of rows) if (row.part === 'spans') spans.set(row.name, Number(row.spans));
  const out = new Map<string, ServiceSummary>();
  const add = (name: string, type: ServiceSummary['type'], row?: KpiRow) => {
    const kpis = toKpis(row, seconds);
    out.set(name, { name, spans: spans.get(name) ?? 0, type, kpis, health: healthOf(kpis) });
  };
  const of = (part: Part) => rows.filter((row) => row.part === part);
  for (const s of of('seen')) add(s.name, 'service');
  for (const s of of('spans')) if (!out.has(s.name)) add(s.name, 'service');
  for (const s of of('own')) add(s.name, 'service', s);
  // a callee inferred as two types (rare: a host called over HTTP and as a database) is shown as its busiest
  const inferred = of('inferred').sort((a, b) => Number(b.calls) - Number(a.calls));
  for (const s of inferred) if (!out.has(s.name)) add(s.name, s.type as ServiceSummary['type'], s);
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Edges from a combined read, by caller then callee (byte order, as ClickHouse's ORDER BY). */
function edgesOf(rows: readonly PartRow[], seconds: number): EdgeSummary[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows
    .filter((row) => row.part === 'edge')
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.callee, b.callee))
    .map((e) => ({ caller: e.name, callee: e.callee, calleeType: e.type as EdgeSummary['calleeType'], kpis: toKpis(e, seconds) }));
}

/** Instrumented services (entry-span KPIs), inferred services (KPIs of the calls they receive) and services seen only as callers. */
export async function listServices(storage: Storage, tenant: string, r: KpiRange, only?: string): Promise<ServiceSummary[]> {
  const rows = await readParts(storage, tenant, r, serviceParts(r, only !== undefined), { only });
  return servicesOf(rows, r.seconds);
}

/** Service-to-service edges (optionally only those touching one service). */
export async function listEdges(storage: Storage, tenant: string, r: KpiRange, service?: string): Promise<EdgeSummary[]> {
  return edgesOf(await readParts(storage, tenant, r, [edgePart(r, service !== undefined, false)], { svc: service }), r.seconds);
}

/** Services and edges in one query (the dependency map; a service's detail with `service`: it and its edges). */
export async function listServicesAndEdges(
  storage: Storage,
  tenant: string,
  r: KpiRange,
  service?: string,
): Promise<{ services: ServiceSummary[]; edges: EdgeSummary[] }> {
  const one = service !== undefined;
  const parts = [...serviceParts(r, one, false), edgePart(r, one, true)];
  const rows = await readParts(storage, tenant, r, parts, { only: service, svc: service });
  return { services: servicesOf(rows, r.seconds), edges: edgesOf(rows, r.seconds) };
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
