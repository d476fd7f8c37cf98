import { accountRoutes, alertRoutes, buildOpenApi, components, routes as readRoutes, type RouteSpec } from '@argus/api';
import type { Hono } from 'hono';
import type { AppEnv } from './module.js';

/** Every /api/v1 route declared in @argus/api (read side; other domains add their catalogues here). */
export const API_ROUTES: Record<string, RouteSpec> = { ...readRoutes, ...accountRoutes, ...alertRoutes };

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document generated from the @argus/api schemas (built once). */
export function registerOpenApi(api: Hono<AppEnv>): void {
  let doc: object | undefined;
  api.get('/openapi.json', (c) => {
    doc ??= buildOpenApi(API_ROUTES, {
      title: 'Argus API',
      version: '1',
      description:
        'The query API of the Argus collector (API port, under /api/v1). Times are ms since epoch unless a field says otherwise; errors are `{ code, message }`.',
      basePath: '/api/v1',
      components,
    });
    return c.json(doc);
  });
}
