/**
 * Test helpers over the API's registered routes (RunningCollector.apiRoutes): every route is enumerated from the
 * router, so a route added later is covered by the isolation, injection and role tests without being listed.
 */
export interface ApiRoute {
  method: string;
  /** pattern relative to /api/v1, e.g. `/websites/:id/summary` */
  path: string;
  key: string;
}

export function apiRoutes(all: Array<{ method: string; path: string }>): ApiRoute[] {
  const seen = new Set<string>();
  const out: ApiRoute[] = [];
  for (const r of all) {
    if (!r.path.startsWith('/api/v1/')) continue;
    const path = r.path.slice('/api/v1'.length);
    const key = `${r.method} ${path}`;
    if (seen.has(key) || r.method === 'HEAD' || r.method === 'OPTIONS') continue;
    seen.add(key);
    out.push({ method: r.method, path, key });
  }
  return out;
}

/** fills a route pattern's `:params` (each value URI-encoded) */
export function fill(path: string, value: (param: string, path: string) => string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(value(name, path)));
}

/** the query parameters any read route may take (unknown ones are ignored by the routes) */
export const QUERY_PARAMS = [
  'service',
  'name',
  'endpoint',
  'entity',
  'metric',
  'type',
  'q',
  'traceId',
  'id',
  'scope',
  'host',
  'parent',
  'status',
  'sort',
  'resolution',
  'table',
  'url',
  'action',
  'attr.http.route',
  'resource.service.name',
];

/**
 * The least role each write route needs, written out by hand (not derived from the permission table, so the
 * test checks the table). `any`: any signed-in principal; `instance`: instance admins only. A write route
 * missing here fails the role test: classify it when you add it.
 */
export const WRITE_ROUTE_ROLES: Readonly<Record<string, 'public' | 'any' | 'editor' | 'admin' | 'owner' | 'instance'>> = {
  'POST /auth/login': 'public',
  'POST /auth/setup': 'public',
  'POST /auth/logout': 'any',
  'POST /auth/tenant': 'any',
  'POST /auth/password': 'any',
  'DELETE /auth/sessions/:id': 'any',
  'POST /websites': 'editor',
  'POST /tenants': 'instance',
  'PATCH /tenants/:tenant': 'owner',
  'DELETE /tenants/:tenant': 'instance',
  'POST /tenants/:tenant/ingest-keys': 'admin',
  'DELETE /tenants/:tenant/ingest-keys/:id': 'admin',
  'POST /tenants/:tenant/tokens': 'admin',
  'DELETE /tenants/:tenant/tokens/:id': 'admin',
  'POST /tenants/:tenant/users': 'admin',
  'PATCH /tenants/:tenant/users/:id': 'admin',
  'DELETE /tenants/:tenant/users/:id': 'admin',
  'POST /tenants/:tenant/users/:id/password-reset': 'admin',
  'PATCH /users/:id': 'instance',
  'DELETE /users/:id': 'instance',
  'POST /instance/tokens': 'instance',
  'DELETE /instance/tokens/:id': 'instance',
  'POST /storage/optimize': 'instance',
  // alert configurations (issue 16): editors
  'POST /alerts': 'editor',
  'PUT /alerts/:id': 'editor',
  'DELETE /alerts/:id': 'editor',
  'POST /alerts/:id/enable': 'editor',
  'POST /alerts/:id/disable': 'editor',
  'POST /alerts/import': 'editor',
  'POST /alerts/detect-threshold': 'editor',
  'POST /alert-channels': 'editor',
  'PUT /alert-channels/:id': 'editor',
  'DELETE /alert-channels/:id': 'editor',
  'POST /alert-channels/:id/test': 'editor',
  'POST /incidents/:id/acknowledge': 'editor',
  'POST /incidents/:id/close': 'editor',
};

/** read routes that are not plain viewer reads */
export const READ_ROUTE_ROLES: Readonly<Record<string, 'any' | 'admin' | 'instance'>> = {
  'GET /auth/session': 'any',
  'GET /auth/sessions': 'any',
  'GET /tenants': 'any',
  'GET /tenants/:tenant/ingest-keys': 'admin',
  'GET /tenants/:tenant/tokens': 'admin',
  'GET /tenants/:tenant/users': 'admin',
  'GET /tenants/:tenant/audit': 'admin',
  'GET /users': 'instance',
  'GET /audit': 'instance',
  'GET /instance/tokens': 'instance',
  'GET /storage': 'instance',
  'GET /storage/columns': 'instance',
};

export const INJECTIONS = ["' OR '1'='1", "x'); DROP TABLE spans; --", "\\' UNION ALL SELECT name FROM system.tables --"];
