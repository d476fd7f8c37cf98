import { routes } from '@argus/api';
import type { Context, Hono } from 'hono';
import { apiRoute } from '../../api-route.js';
import { notFound } from '../../errors.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import { timeRange } from '../../query/resolution.js';
import type { EumConfig } from '../config.js';

/**
 * Websites under /api/v1/websites (every website comes with its ready-to-paste snippet) and their EUM reads.
 * The snippet reports to ARGUS_EUM_PUBLIC_URL, else to the API request's host name on the ingest port.
 */
export function registerWebsiteRoutes(app: Hono<AppEnv>, deps: CollectorDeps, config: EumConfig): void {
  const { websites } = deps.queries;
  const reportingUrl = (c: Context<AppEnv>, override?: string) => {
    if (override) return override;
    if (config.publicUrl) return config.publicUrl;
    const u = new URL(c.req.url);
    return `${u.protocol}//${u.hostname}:${deps.config.ingestPort}`;
  };

  apiRoute(app, routes.listWebsites, ({ tenant, c }) => ({ websites: websites.list(tenant, reportingUrl(c)) }));

  apiRoute(app, routes.getWebsite, ({ tenant, params, query, c }) => {
    const site = websites.get(tenant, params.id, reportingUrl(c, query.reportingUrl));
    if (!site) throw notFound(`website ${params.id} not found`, 'EUM_WEBSITE_NOT_FOUND');
    return site;
  });

  apiRoute(app, { ...routes.createWebsite, bodyErrorCode: 'EUM_INVALID_WEBSITE' }, ({ tenant, body, c }) =>
    websites.create(tenant, body, reportingUrl(c, body.reportingUrl)),
  );

  apiRoute(app, routes.getWebsiteSummary, ({ tenant, params, query }) => websites.summary(tenant, params.id, timeRange(query)));
  apiRoute(app, routes.getWebsiteBreakdown, ({ tenant, params, query }) =>
    websites.breakdown(tenant, params.id, params.dimension, timeRange(query), query.limit),
  );
  apiRoute(app, routes.getWebsiteTimeseries, ({ tenant, params, query }) =>
    websites.timeseries(tenant, params.id, timeRange(query), query.points),
  );
  apiRoute(app, routes.listWebsiteErrors, ({ tenant, params, query }) => websites.errors(tenant, params.id, timeRange(query), query.limit));
  apiRoute(app, routes.listWebsiteResources, ({ tenant, params, query }) =>
    websites.resources(tenant, params.id, timeRange(query), query.limit),
  );
  apiRoute(app, routes.listWebsiteHttpCalls, ({ tenant, params, query: q }) =>
    websites.httpCalls(tenant, params.id, timeRange(q), { url: q.url, withTrace: q.withTrace === 'true', limit: q.limit }),
  );
  apiRoute(app, routes.getWebsiteSession, ({ tenant, params, query }) =>
    websites.session(tenant, params.id, params.sessionId, timeRange(query, 7 * 86_400_000)),
  );
}
