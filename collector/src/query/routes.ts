import { routes, type tracesQuery } from '@argus/api';
import type { z } from 'zod';
import type { Hono } from 'hono';
import { apiRoute } from '../api-route.js';
import { notFound } from '../errors.js';
import type { AppEnv, CollectorDeps } from '../module.js';
import { timeRange } from './resolution.js';
import type { SpanFilter } from './span-filter.js';

type TraceSearchParams = Pick<z.output<typeof tracesQuery>, 'service' | 'endpoint' | 'status' | 'minDuration' | 'maxDuration'>;

const pairs = (p: Record<string, Array<[string, string]>>, prefix: string) => p[prefix] ?? [];

/**
 * GET /spans, /traces, /trace-scatter, /traces/:traceId (and its /waterfall and /spans/:spanId), /logs, /storage,
 * /storage/columns; POST /storage/optimize.
 */
export function registerQueryRoutes(app: Hono<AppEnv>, deps: CollectorDeps): void {
  const { traces, storage } = deps.queries;

  apiRoute(app, routes.listSpans, ({ tenant, query: q, prefixed }) =>
    traces.searchSpans(
      tenant,
      {
        service: q.service,
        name: q.name,
        error: q.status === 'error' ? true : undefined,
        statusCode: q.status === 'ok' || q.status === 'unset' ? q.status : undefined,
        minDurationMs: q.minDuration,
        attributes: pairs(prefixed, 'attr.'),
      },
      { range: timeRange(q), order: q.order, limit: q.limit, offset: q.offset },
    ),
  );

  /** the trace-search filters (/traces, /trace-scatter) */
  const traceFilter = (q: TraceSearchParams, prefixed: Record<string, Array<[string, string]>>): SpanFilter => ({
    service: q.service,
    endpoint: q.endpoint,
    error: q.status === undefined ? undefined : q.status === 'error',
    minDurationMs: q.minDuration,
    maxDurationMs: q.maxDuration,
    attributes: pairs(prefixed, 'attr.'),
    resource: pairs(prefixed, 'resource.'),
  });

  apiRoute(app, routes.searchTraces, ({ tenant, query: q, prefixed }) =>
    traces.searchTraces(tenant, traceFilter(q, prefixed), { range: timeRange(q), sort: q.sort, limit: q.limit, offset: q.offset }),
  );

  apiRoute(app, routes.getTraceScatter, ({ tenant, query: q, prefixed }) =>
    traces.scatter(tenant, traceFilter(q, prefixed), { range: timeRange(q), limit: q.limit }),
  );

  apiRoute(app, routes.getTrace, async ({ tenant, params, query }) => {
    const trace = await traces.traceById(tenant, params.traceId, { tree: query.tree === 'true' });
    if (!trace) throw notFound(`trace ${params.traceId} not found`, 'TRACE_NOT_FOUND');
    return trace;
  });

  apiRoute(app, routes.getTraceWaterfall, async ({ tenant, params }) => {
    const waterfall = await traces.waterfall(tenant, params.traceId);
    if (!waterfall) throw notFound(`trace ${params.traceId} not found`, 'TRACE_NOT_FOUND');
    return waterfall;
  });

  apiRoute(app, routes.getTraceSpan, async ({ tenant, params }) => {
    const span = await traces.span(tenant, params.traceId, params.spanId);
    if (!span) throw notFound(`span ${params.spanId} of trace ${params.traceId} not found`, 'SPAN_NOT_FOUND');
    return span;
  });

  apiRoute(app, routes.listLogs, ({ tenant, query: q }) =>
    traces.logs(tenant, {
      range: timeRange(q),
      service: q.service,
      minSeverity: q.severity,
      traceId: q.traceId,
      text: q.q,
      limit: q.limit,
    }),
  );

  apiRoute(app, routes.listTables, () => storage.tables());
  apiRoute(app, routes.listColumns, ({ query }) => storage.columns(query.table));
  apiRoute(app, routes.optimizeTable, ({ query }) => storage.optimize(query.table));
}
