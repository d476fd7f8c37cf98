import type { Storage } from '../../storage/storage.js';
import { healthOf, KPI_AGG, kpiRows, toKpis, type Health, type KpiRow, type Kpis, type KpiWindow } from './kpi-table.js';

export interface EndpointRelation {
  service: string;
  endpoint: string;
  type: string;
  kpis: Kpis;
}

export interface EndpointDetail {
  service: string;
  endpoint: string;
  kpis: Kpis;
  health: Health;
  callers: EndpointRelation[];
  callees: EndpointRelation[];
}

/**
 * One endpoint's KPIs (entry spans, or the calls it receives for an inferred service) and, from the edge rollups,
 * the endpoints calling it and the endpoints it calls, each with the KPIs of those calls.
 */
export async function endpointDetail(storage: Storage, tenant: string, r: KpiWindow, service: string, endpoint: string): Promise<EndpointDetail> {
  const params = { tenant, from: r.from, to: r.to, service, endpoint };
  const [[own], [received], callers, callees] = await Promise.all([
    storage.query<KpiRow>(`SELECT ${KPI_AGG} FROM ${kpiRows('endpoint', r)} WHERE service = {service:String} AND endpoint = {endpoint:String}`, params),
    storage.query<KpiRow>(
      `SELECT ${KPI_AGG} FROM ${kpiRows('edge', r)} WHERE callee_service = {service:String} AND callee_endpoint = {endpoint:String}`,
      params,
    ),
    storage.query<KpiRow & { s: string; e: string; t: string }>(
      `SELECT caller_service AS s, caller_endpoint AS e, 'service' AS t, ${KPI_AGG} FROM ${kpiRows('edge', r)}
       WHERE callee_service = {service:String} AND callee_endpoint = {endpoint:String} GROUP BY s, e HAVING calls != 0 ORDER BY calls DESC LIMIT 200`,
      params,
    ),
    storage.query<KpiRow & { s: string; e: string; t: string }>(
      `SELECT callee_service AS s, callee_endpoint AS e, any(callee_type) AS t, ${KPI_AGG} FROM ${kpiRows('edge', r)}
       WHERE caller_service = {service:String} AND caller_endpoint = {endpoint:String} GROUP BY s, e HAVING calls != 0 ORDER BY calls DESC LIMIT 200`,
      params,
    ),
  ]);
  const kpis = toKpis(Number(own?.calls ?? 0) > 0 ? own : received, r.seconds);
  const rel = (x: KpiRow & { s: string; e: string; t: string }): EndpointRelation => ({ service: x.s, endpoint: x.e, type: x.t, kpis: toKpis(x, r.seconds) });
  return { service, endpoint, kpis, health: healthOf(kpis), callers: callers.map(rel), callees: callees.map(rel) };
}
