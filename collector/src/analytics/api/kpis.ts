import type { Hono } from 'hono';
import { badRequest } from '../../errors.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import { KPI_AGG, toKpis, type KpiRow, type Kpis } from './kpi-sql.js';
import { kpiRange, TS_FILTER } from './range.js';

interface Scope {
  table: 'endpoint' | 'edge';
  where: string;
  params: Record<string, string>;
}

/** `id` forms: service `<name>`; endpoint `<service>|<endpoint>`; edge `<caller>|<callee>` (or explicit params). */
function scopeOf(q: (k: string) => string | undefined, inferred: boolean): Scope {
  const scope = q('scope') ?? 'service';
  const id = q('id') ?? '';
  const cut = id.indexOf('|');
  const [a, b] = cut >= 0 ? [id.slice(0, cut), id.slice(cut + 1)] : [id, ''];
  if (scope === 'service') {
    const service = q('service') ?? a;
    if (!service) throw badRequest('scope=service needs id=<service>', 'INVALID_PARAM');
    return inferred
      ? { table: 'edge', where: 'callee_service = {a:String}', params: { a: service } }
      : { table: 'endpoint', where: 'service = {a:String}', params: { a: service } };
  }
  if (scope === 'endpoint') {
    const service = q('service') ?? a;
    const endpoint = q('endpoint') ?? b;
    if (!service || !endpoint) throw badRequest('scope=endpoint needs id=<service>|<endpoint>', 'INVALID_PARAM');
    return inferred
      ? { table: 'edge', where: 'callee_service = {a:String} AND callee_endpoint = {b:String}', params: { a: service, b: endpoint } }
      : { table: 'endpoint', where: 'service = {a:String} AND endpoint = {b:String}', params: { a: service, b: endpoint } };
  }
  if (scope === 'edge') {
    const caller = q('caller') ?? a;
    const callee = q('callee') ?? b;
    if (!caller || !callee) throw badRequest('scope=edge needs id=<caller>|<callee>', 'INVALID_PARAM');
    return { table: 'edge', where: 'caller_service = {a:String} AND callee_service = {b:String}', params: { a: caller, b: callee } };
  }
  throw badRequest('scope must be service, endpoint or edge', 'INVALID_PARAM');
}

/** GET /kpis: a KPI time series (1 s, 1 min or 1 h steps by range) plus the totals over the range. */
export function kpiRoutes(app: Hono<AppEnv>, deps: CollectorDeps): void {
  app.get('/kpis', async (c) => {
    const q = (k: string) => c.req.query(k) || undefined;
    const tenant = c.get('tenant');
    const r = kpiRange(q);
    const base = { tenant, from: r.from, to: r.to };
    let scope = scopeOf(q, false);
    if (scope.table === 'endpoint') {
      // an inferred service (database, queue, external host) has no entry spans: read the calls it received
      const [hit] = await deps.storage.query<{ n: number }>(
        `SELECT count() AS n FROM endpoint_kpi_${r.resolution} WHERE ${TS_FILTER} AND ${scope.where}`,
        { ...base, ...scope.params },
      );
      if (Number(hit?.n ?? 0) === 0) scope = scopeOf(q, true);
    }
    const table = `${scope.table}_kpi_${r.resolution}`;
    const params = { ...base, ...scope.params };
    const [rows, [total]] = await Promise.all([
      deps.storage.query<KpiRow & { t: number }>(
        `SELECT toUnixTimestamp(ts) * 1000 AS t, ${KPI_AGG} FROM ${table} WHERE ${TS_FILTER} AND ${scope.where} GROUP BY ts ORDER BY ts`,
        params,
      ),
      deps.storage.query<KpiRow>(`SELECT ${KPI_AGG} FROM ${table} WHERE ${TS_FILTER} AND ${scope.where}`, params),
    ]);
    const byTs = new Map(rows.map((row) => [Number(row.t), row]));
    const stepSeconds = r.stepMs / 1000;
    const points: Array<{ t: number } & Kpis> = [];
    for (let t = r.from; t < r.to; t += r.stepMs) points.push({ t, ...toKpis(byTs.get(t), stepSeconds) });
    return c.json({
      scope: q('scope') ?? 'service',
      from: r.from,
      to: r.to,
      resolution: r.resolution,
      stepSeconds,
      total: toKpis(total, r.seconds),
      points,
    });
  });
}
