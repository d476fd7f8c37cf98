import { routes } from '@argus/api';
import type { Hono } from 'hono';
import { apiRoute } from '../api-route.js';
import { notFound } from '../errors.js';
import type { AppEnv, CollectorDeps } from '../module.js';
import { timeRange } from '../query/resolution.js';

/** GET /infrastructure/entities, /infrastructure/entities/:id, /infrastructure/map, /infrastructure/events, /metrics, /metrics/list. */
export function registerInfrastructureRoutes(app: Hono<AppEnv>, deps: CollectorDeps): void {
  const { infrastructure } = deps.queries;

  apiRoute(app, routes.listEntities, async ({ tenant, query: q }) => ({
    entities: await infrastructure.entities(tenant, {
      type: q.type,
      q: q.q,
      parent: q.parent,
      limit: q.limit,
      online: q.online === undefined ? undefined : q.online === 'true',
    }),
  }));

  apiRoute(app, routes.getEntity, async ({ tenant, params }) => {
    const detail = await infrastructure.entity(tenant, params.id);
    if (!detail) throw notFound(`entity ${params.id} not found`, 'ENTITY_NOT_FOUND');
    return detail;
  });

  apiRoute(app, routes.getInfrastructureMap, async ({ tenant, query: q }) => ({
    entities: await infrastructure.map(tenant, { since: q.since ?? Date.now() - 3_600_000, limit: q.limit }),
  }));

  apiRoute(app, routes.listEvents, async ({ tenant, query: q }) => ({
    events: await infrastructure.events(tenant, { ...timeRange(q, 24 * 3_600_000), entity: q.entity, limit: q.limit }),
  }));

  apiRoute(app, routes.getMetricSeries, ({ tenant, query: q, prefixed }) => {
    // one value per attribute key: the last one given wins
    const attributes = Object.fromEntries(prefixed['attr.'] ?? []);
    return infrastructure.metricSeries(
      tenant,
      { entity: q.entity, metric: q.metric, attributes, maxPoints: q.maxPoints, maxSeries: q.maxSeries },
      timeRange(q),
    );
  });

  apiRoute(app, routes.listMetrics, ({ tenant, query: q }) =>
    infrastructure.metricList(tenant, q.entity, q.since ?? Date.now() - 7 * 86_400_000),
  );
}
