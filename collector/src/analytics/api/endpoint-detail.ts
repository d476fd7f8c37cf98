import type { EndpointDetailResponse, ServiceType } from '@argus/api';
import type { KpiRange } from '../../query/resolution.js';
import type { Storage } from '../../storage/storage.js';
import { healthOf, KPI_AGG, kpiSource, rangeParams, toKpis, type KpiRow } from './kpi-sql.js';

type RelationRow = KpiRow & { s: string; e: string; t: ServiceType };

/**
 * One endpoint's KPIs (entry spans, or the calls it receives for an inferred service) and, from the edge rollups,
 * the endpoints calling it and the endpoints it calls, each with the KPIs of those calls (200 each at most).
 */
export async function endpointDetail(
  storage: Storage,
  tenant: string,
  service: string,
  endpoint: string,
  r: KpiRange,
): Promise<EndpointDetailResponse> {
  const params = { ...rangeParams(tenant, r), service, endpoint };
  const [[own], [received], callers, callees] = await Promise.all([
    storage.query<KpiRow>(
      `SELECT ${KPI_AGG} FROM ${kpiSource('endpoint', r)} WHERE service = {service:String} AND endpoint = {endpoint:String}`,
      params,
    ),
    storage.query<KpiRow>(
      `SELECT ${KPI_AGG} FROM ${kpiSource('edge', r)} WHERE callee_service = {service:String} AND callee_endpoint = {endpoint:String}`,
      params,
    ),
    storage.query<RelationRow>(
      `SELECT caller_service AS s, caller_endpoint AS e, 'service' AS t, ${KPI_AGG} FROM ${kpiSource('edge', r)}
       WHERE callee_service = {service:String} AND callee_endpoint = {endpoint:String} GROUP BY s, e HAVING calls != 0 ORDER BY calls DESC LIMIT 200`,
      params,
    ),
    storage.query<RelationRow>(
      `SELECT callee_service AS s, callee_endpoint AS e, any(callee_type) AS t, ${KPI_AGG} FROM ${kpiSource('edge', r)}
       WHERE caller_service = {service:String} AND caller_endpoint = {endpoint:String} GROUP BY s, e HAVING calls != 0 ORDER BY calls DESC LIMIT 200`,
      params,
    ),
  ]);
  const kpis = toKpis(Number(own?.calls ?? 0) > 0 ? own : received, r.seconds);
  const rel = (x: RelationRow) => ({ service: x.s, endpoint: x.e, type: x.t, kpis: toKpis(x, r.seconds) });
  return {
    from: r.from,
    to: r.to,
    resolution: r.resolution,
    service,
    endpoint,
    kpis,
    health: healthOf(kpis),
    callers: callers.map(rel),
    callees: callees.map(rel),
  };
}
