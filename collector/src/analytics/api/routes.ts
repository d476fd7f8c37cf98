import { routes } from '@argus/api';
import type { Hono } from 'hono';
import type { z } from 'zod';
import { apiRoute } from '../../api-route.js';
import { badRequest, notFound } from '../../errors.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import { timeRange } from '../../query/resolution.js';
import type { KpiTarget } from './kpis.js';

type KpisParams = Pick<z.output<NonNullable<typeof routes.getKpis.query>>, 'id' | 'service' | 'endpoint' | 'caller' | 'callee'> & {
  scope: 'service' | 'endpoint' | 'edge';
};

/** `id` forms: service `<name>`; endpoint `<service>|<endpoint>`; edge `<caller>|<callee>` (or the explicit params). */
function targetOf(q: KpisParams): KpiTarget {
  const id = q.id ?? '';
  const cut = id.indexOf('|');
  const [a, b] = cut >= 0 ? [id.slice(0, cut), id.slice(cut + 1)] : [id, ''];
  if (q.scope === 'service') {
    const service = q.service ?? a;
    if (!service) throw badRequest('scope=service needs id=<service>', 'INVALID_PARAM');
    return { scope: 'service', service };
  }
  if (q.scope === 'endpoint') {
    const service = q.service ?? a;
    const endpoint = q.endpoint ?? b;
    if (!service || !endpoint) throw badRequest('scope=endpoint needs id=<service>|<endpoint>', 'INVALID_PARAM');
    return { scope: 'endpoint', service, endpoint };
  }
  const caller = q.caller ?? a;
  const callee = q.callee ?? b;
  if (!caller || !callee) throw badRequest('scope=edge needs id=<caller>|<callee>', 'INVALID_PARAM');
  return { scope: 'edge', caller, callee };
}

/** GET /services, /services/:name, /service-instances, /dependency-map, /kpis, /kpis/histogram, /kpis/series, /endpoints, /search. */
export function registerAnalyticsRoutes(app: Hono<AppEnv>, deps: CollectorDeps): void {
  const { analytics } = deps.queries;
  const kpiRangeOf = (q: { from?: number; to?: number; resolution?: '1s' | '1m' | '1h' }) => ({
    ...timeRange(q),
    resolution: q.resolution,
  });

  apiRoute(app, routes.listServices, ({ tenant, query }) => analytics.services(tenant, kpiRangeOf(query)));

  apiRoute(app, routes.getService, async ({ tenant, params, query }) => {
    const detail = await analytics.service(tenant, params.name, kpiRangeOf(query));
    if (!detail) throw notFound(`service ${params.name} not found in this time range`, 'SERVICE_NOT_FOUND');
    return detail;
  });

  apiRoute(app, routes.listServiceInstances, ({ tenant, query: q }) =>
    analytics.instances(tenant, timeRange(q), { service: q.service, host: q.host, container: q.container, entity: q.entity }),
  );

  apiRoute(app, routes.getDependencyMap, ({ tenant, query }) => analytics.dependencyMap(tenant, kpiRangeOf(query)));

  apiRoute(app, routes.getKpis, ({ tenant, query }) => analytics.kpiSeries(tenant, targetOf(query), kpiRangeOf(query)));

  apiRoute(app, routes.getLatencyHistogram, ({ tenant, query: q }) => {
    const t = targetOf({ ...q, caller: undefined, callee: undefined });
    if (t.scope === 'edge') throw badRequest('scope must be service or endpoint', 'INVALID_PARAM');
    return analytics.latencyHistogram(tenant, t.scope === 'endpoint' ? t : { service: t.service }, kpiRangeOf(q));
  });

  apiRoute(app, routes.getServiceSparklines, ({ tenant, query: q }) => analytics.serviceSparklines(tenant, kpiRangeOf(q), q.points));

  apiRoute(app, routes.getEndpoint, ({ tenant, query: q }) => analytics.endpoint(tenant, q.service, q.endpoint, kpiRangeOf(q)));

  apiRoute(app, routes.searchNames, ({ tenant, query: q }) => analytics.search(tenant, q.q ?? '', q.limit));
}
