import type { CollectorModule } from '../module.js';
import { badRequest } from '../errors.js';
import { parseIntParam, parseRange } from './params.js';
import { SPAN_SELECT, spanFromRow, type SpanRow } from './span-view.js';
import { registerLogRoutes } from './logs.js';
import { registerStorageRoutes } from './storage-stats.js';

const STATUS: Record<string, string> = { error: 'has_error = 1', ok: 'status_code = 1', unset: 'status_code = 0' };

/** Core read API: span search, logs, storage stats (traces and services: analytics module). */
export function createQueryModule(): CollectorModule {
  return {
    name: 'query',
    api(app, deps) {
      // GET /traces/:traceId and GET /services are served by the analytics module (supersets of the former
      // responses: same fields plus the tree, endpoints, entities; KPIs, health, inferred services).
      app.get('/spans', async (c) => {
        const q = (k: string) => c.req.query(k);
        const { from, to } = parseRange(q);
        const limit = parseIntParam(q('limit'), 100, 1, 1000, 'limit');
        const offset = parseIntParam(q('offset'), 0, 0, 100_000, 'offset');
        const where = [
          'tenant = {tenant:String}',
          'timestamp >= fromUnixTimestamp64Milli({from:Int64})',
          'timestamp <= fromUnixTimestamp64Milli({to:Int64})',
        ];
        const params: Record<string, unknown> = { tenant: c.get('tenant'), from, to, limit, offset };
        if (q('service')) (where.push('service = {service:String}'), (params.service = q('service')));
        if (q('name')) (where.push('name = {name:String}'), (params.name = q('name')));
        const status = q('status');
        if (status) {
          if (!STATUS[status]) throw badRequest('status must be error, ok or unset', 'INVALID_PARAM');
          where.push(STATUS[status]);
        }
        const minMs = q('minDuration');
        if (minMs !== undefined && minMs !== '') {
          const n = Number(minMs);
          if (!Number.isFinite(n) || n < 0) throw badRequest('minDuration must be a non-negative number of milliseconds', 'INVALID_PARAM');
          where.push('duration_ns >= {minNs:UInt64}');
          params.minNs = Math.round(n * 1e6);
        }
        let i = 0;
        for (const [key, value] of Object.entries(c.req.queries())) {
          if (!key.startsWith('attr.')) continue;
          const k = key.slice(5);
          for (const v of value) {
            const kp = `ak${i}`;
            const vp = `av${i++}`;
            params[kp] = k;
            params[vp] = v;
            where.push(
              `(attributes[{${kp}:String}] = {${vp}:String} OR attributes_typed[{${kp}:String}] IN (concat('i:', {${vp}:String}), concat('d:', {${vp}:String}), concat('b:', {${vp}:String})) OR resource_attributes[{${kp}:String}] = {${vp}:String})`,
            );
          }
        }
        const order = q('order') === 'slowest' ? 'duration_ns DESC' : 'timestamp DESC';
        const rows = await deps.storage.query<SpanRow>(
          `SELECT ${SPAN_SELECT} FROM spans WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
          params,
        );
        return c.json({ spans: rows.map(spanFromRow), limit, offset, next: rows.length === limit ? offset + limit : null });
      });

      registerLogRoutes(app, deps);
      registerStorageRoutes(app, deps);
    },
  };
}
