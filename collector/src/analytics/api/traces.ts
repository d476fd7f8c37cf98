import type { Hono } from 'hono';
import { badRequest, notFound } from '../../errors.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import { parseIntParam, parseRange, parseTraceId } from '../../query/params.js';
import { getTraceSpans } from '../../query/traces.js';
import { buildTree } from './trace-tree.js';

const STATUS: Record<string, string> = { error: 'has_error = 1', ok: 'has_error = 0' };
const ENDPOINT_EXPR = `argus_endpoint_v1(name, http_method, http_route, url_path, url_full, rpc_service, rpc_method, db_system, db_operation, db_collection, db_statement, messaging_system, messaging_destination)`;

interface HitRow {
  trace_id: string;
  service: string;
  name: string;
  kind: number;
  endpoint: string;
  start_ms: number;
  duration_ns: number;
  has_error: number;
}

/** GET /traces (search) and GET /traces/:traceId (the trace as a tree). */
export function traceRoutes(app: Hono<AppEnv>, deps: CollectorDeps): void {
  const { storage } = deps;

  app.get('/traces', async (c) => {
    const q = (k: string) => c.req.query(k);
    const tenant = c.get('tenant');
    const { from, to } = parseRange(q);
    const limit = parseIntParam(q('limit'), 20, 1, 200, 'limit');
    const offset = parseIntParam(q('offset'), 0, 0, 10_000, 'offset');
    const sort = q('sort') ?? 'newest';
    if (sort !== 'newest' && sort !== 'slowest') throw badRequest('sort must be newest or slowest', 'INVALID_PARAM');
    const where = [
      'tenant = {tenant:String}',
      'timestamp >= fromUnixTimestamp64Milli({from:Int64})',
      'timestamp <= fromUnixTimestamp64Milli({to:Int64})',
    ];
    const params: Record<string, unknown> = { tenant, from, to, limit, offset };
    if (q('service')) (where.push('service = {service:String}'), (params.service = q('service')));
    if (q('endpoint')) (where.push(`kind IN (2, 5) AND ${ENDPOINT_EXPR} = {endpoint:String}`), (params.endpoint = q('endpoint')));
    const status = q('status');
    if (status) {
      if (!STATUS[status]) throw badRequest('status must be error or ok', 'INVALID_PARAM');
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
    for (const [key, values] of Object.entries(c.req.queries())) {
      const resource = key.startsWith('resource.');
      if (!resource && !key.startsWith('attr.')) continue;
      for (const v of values) {
        const kp = `ak${i}`;
        const vp = `av${i++}`;
        params[kp] = key.slice(resource ? 9 : 5);
        params[vp] = v;
        // has/hasAny on mapValues(...) let the bloom-filter indexes on attribute values skip granules; numbers and
        // booleans are stored typed (i:42, d:1.5, b:true) in attributes_typed, which has its own index
        const str = resource
          ? `resource_attributes[{${kp}:String}] = {${vp}:String}`
          : `(has(mapValues(attributes), {${vp}:String}) AND attributes[{${kp}:String}] = {${vp}:String})`;
        if (!resource && /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false)$/.test(v)) {
          const tp = `at${i}`;
          params[tp] = [`i:${v}`, `d:${v}`, `b:${v}`];
          where.push(
            `(${str} OR (hasAny(mapValues(attributes_typed), {${tp}:Array(String)}) AND has({${tp}:Array(String)}, attributes_typed[{${kp}:String}])))`,
          );
        } else where.push(str);
      }
    }
    const order = sort === 'slowest' ? 'duration_ns DESC, timestamp DESC' : 'timestamp DESC, duration_ns DESC';
    const rows = await storage.query<HitRow>(
      `SELECT lower(hex(trace_id)) AS trace_id, service, name, kind, ${ENDPOINT_EXPR} AS endpoint, toUnixTimestamp64Milli(timestamp) AS start_ms,
         duration_ns, has_error
       FROM spans WHERE ${where.join(' AND ')}
       ORDER BY ${order} LIMIT 1 BY trace_id LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      params,
    );
    const ids = rows.map((r) => r.trace_id);
    const traces = ids.length
      ? await storage.query<{ id: string; start_ms: number; end_ms: number; spans: number }>(
          `SELECT lower(hex(trace_id)) AS id, toUnixTimestamp64Milli(min(start)) AS start_ms, toUnixTimestamp64Milli(max(end)) AS end_ms, sum(spans) AS spans
           FROM trace_index WHERE tenant = {tenant:String} AND trace_id IN (SELECT unhex(arrayJoin({ids:Array(String)}))) GROUP BY trace_id`,
          { tenant, ids },
        )
      : [];
    const info = new Map(traces.map((t) => [t.id, t]));
    return c.json({
      from,
      to,
      sort,
      limit,
      offset,
      next: rows.length === limit ? offset + limit : null,
      traces: rows.map((r) => {
        const t = info.get(r.trace_id);
        return {
          traceId: r.trace_id,
          startMs: t ? Number(t.start_ms) : Number(r.start_ms),
          durationMs: t ? Number(t.end_ms) - Number(t.start_ms) : Number(r.duration_ns) / 1e6,
          spans: t ? Number(t.spans) : undefined,
          match: {
            service: r.service,
            name: r.name,
            endpoint: r.endpoint,
            startMs: Number(r.start_ms),
            durationMs: Number(r.duration_ns) / 1e6,
            error: Boolean(Number(r.has_error)),
          },
        };
      }),
    });
  });

  app.get('/traces/:traceId', async (c) => {
    const tenant = c.get('tenant');
    const traceId = parseTraceId(c.req.param('traceId'));
    const [spans, eps] = await Promise.all([
      getTraceSpans(storage, tenant, traceId),
      storage.query<{ s: string; endpoint: string }>(
        `SELECT lower(hex(span_id)) AS s, endpoint FROM span_skeleton WHERE tenant = {tenant:String} AND trace_id = unhex({traceId:String})`,
        { tenant, traceId },
      ),
    ]);
    if (spans.length === 0) throw notFound(`trace ${traceId} not found`, 'TRACE_NOT_FOUND');
    return c.json({ traceId, ...buildTree(spans, new Map(eps.map((e) => [e.s, e.endpoint]))) });
  });
}
