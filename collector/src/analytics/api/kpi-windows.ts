import type { ServiceSummary } from '@argus/api';
import { kpiRange } from '../../query/resolution.js';
import type { Storage } from '../../storage/storage.js';
import { toKpis, type KpiRow } from './kpi-sql.js';

export interface KpiWindow {
  from: number;
  to: number;
}

export type WindowServices = Array<Pick<ServiceSummary, 'name' | 'type' | 'kpis'>>;

const sec = (p: string) => `toDateTime(intDiv({${p}:Int64}, 1000), 'UTC')`;

/** per window i: the KPI columns of KPI_AGG, summed over the window's seconds only */
function windowAggregates(i: number): string {
  const c = `ts >= ${sec(`f${i}`)} AND ts < ${sec(`t${i}`)}`;
  return `sumIf(calls, ${c}) AS calls_${i}, sumIf(errors, ${c}) AS errors_${i}, sumIf(client_errors, ${c}) AS client_errors_${i},
    sumIf(duration_sum, ${c}) AS duration_sum_${i}, sumMapIf(hist, ${c}) AS h_${i},
    argus_hist_quantile_v1(h_${i}, 0.5) AS p50_${i}, argus_hist_quantile_v1(h_${i}, 0.9) AS p90_${i}, argus_hist_quantile_v1(h_${i}, 0.99) AS p99_${i}`;
}

/**
 * Every service's 1-second KPIs over several windows at once, as listServices gives them for each window (the same
 * bounds, instrumented services first, then inferred ones with calls, then services only seen running), in two
 * queries instead of four per window: one scan of the 1-second rollups over the windows' span, one of the instances.
 * The alert evaluator reads its windows (10 s, each rule's, the settled ones) this way every second.
 */
export async function serviceKpiWindows(
  storage: Storage,
  tenant: string,
  windows: readonly KpiWindow[],
  now: number,
): Promise<WindowServices[]> {
  if (windows.length === 0) return [];
  const ranges = windows.map((w) => kpiRange(w.from, w.to, now, '1s'));
  const params: Record<string, unknown> = {
    tenant,
    lo: Math.min(...ranges.map((r) => r.from)),
    hi: Math.max(...ranges.map((r) => r.to)),
  };
  ranges.forEach((r, i) => ((params[`f${i}`] = r.from), (params[`t${i}`] = r.to)));
  const cols = ranges.map((_, i) => windowAggregates(i)).join(',\n    ');
  const hidden = ranges.map((_, i) => `h_${i}`).join(', ');
  const span = `tenant = {tenant:String} AND ts >= ${sec('lo')} AND ts < ${sec('hi')}`;
  const [rows, seen] = await Promise.all([
    storage.query<Record<string, unknown> & { name: string; type: ServiceSummary['type']; inferred: number }>(
      `SELECT * EXCEPT (${hidden}) FROM (
        SELECT name, any(type) AS type, inferred,
          ${cols}
        FROM (
          SELECT service AS name, 'service' AS type, 0 AS inferred, ts, calls, errors, client_errors, duration_sum, hist
          FROM endpoint_kpi_1s WHERE ${span}
          UNION ALL
          SELECT callee_service AS name, callee_type AS type, 1 AS inferred, ts, calls, errors, client_errors, duration_sum, hist
          FROM edge_kpi_1s WHERE ${span} AND callee_type != 'service'
        )
        GROUP BY name, inferred
      )`,
      params,
    ),
    storage.query<{ name: string; first: number; last: number }>(
      `SELECT service AS name, toUnixTimestamp(min(first_seen)) * 1000 AS first, toUnixTimestamp(max(last_seen)) * 1000 AS last
       FROM service_instances WHERE tenant = {tenant:String} GROUP BY service
       HAVING max(last_seen) >= ${sec('lo')} AND min(first_seen) < ${sec('hi')}`,
      params,
    ),
  ]);
  const own = rows.filter((r) => Number(r.inferred) === 0);
  const inferred = rows.filter((r) => Number(r.inferred) === 1);
  return ranges.map((r, i) => {
    const pick = (row: Record<string, unknown>): KpiRow => ({
      calls: Number(row[`calls_${i}`]),
      errors: Number(row[`errors_${i}`]),
      client_errors: Number(row[`client_errors_${i}`]),
      duration_sum: Number(row[`duration_sum_${i}`]),
      p50: row[`p50_${i}`] as number | null,
      p90: row[`p90_${i}`] as number | null,
      p99: row[`p99_${i}`] as number | null,
    });
    const out = new Map<string, WindowServices[number]>();
    // seen running in this window (listServices' instance rule, second bounds)
    for (const s of seen)
      if (s.last >= Math.floor(r.from / 1000) * 1000 && s.first < Math.floor(r.to / 1000) * 1000)
        out.set(s.name, { name: s.name, type: 'service', kpis: toKpis(undefined, r.seconds) });
    // an instrumented service with rows anywhere in the span is listed in every window (no calls in this one: zero),
    // as listServices lists a service that sent spans in the current minute
    for (const row of own) out.set(row.name, { name: row.name, type: 'service', kpis: toKpis(pick(row), r.seconds) });
    for (const row of inferred) {
      const k = pick(row);
      if (k.calls !== 0 && !out.has(row.name)) out.set(row.name, { name: row.name, type: row.type, kpis: toKpis(k, r.seconds) });
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
  });
}
