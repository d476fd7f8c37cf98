import type { Permission } from './roles.js';

/**
 * What every /api/v1 route needs, by `METHOD /path` as registered (Hono patterns, without /api/v1). Reads
 * (GET/HEAD) not listed here need `read` (viewer). A write that is neither listed nor under a prefix below is
 * `unmapped`: refused to everyone but instance admins, and the route-table test names it, so a new write route
 * cannot slip through unguarded.
 */
export const ROUTE_PERMISSIONS: Readonly<Record<string, Permission>> = {
  'POST /auth/login': 'public',
  'POST /auth/setup': 'public',
  'GET /auth/session': 'authenticated',
  'POST /auth/logout': 'authenticated',
  'POST /auth/tenant': 'authenticated',
  'POST /auth/password': 'authenticated',
  'GET /auth/sessions': 'authenticated',
  'DELETE /auth/sessions/:id': 'authenticated',

  'GET /tenants': 'authenticated',
  'POST /tenants': 'instance:admin',
  'GET /tenants/:tenant': 'read',
  'PATCH /tenants/:tenant': 'tenant:manage',
  'DELETE /tenants/:tenant': 'instance:admin',
  'GET /tenants/:tenant/ingest-keys': 'keys:manage',
  'POST /tenants/:tenant/ingest-keys': 'keys:manage',
  'DELETE /tenants/:tenant/ingest-keys/:id': 'keys:manage',
  'GET /tenants/:tenant/tokens': 'tokens:manage',
  'POST /tenants/:tenant/tokens': 'tokens:manage',
  'DELETE /tenants/:tenant/tokens/:id': 'tokens:manage',
  'GET /tenants/:tenant/users': 'members:manage',
  'POST /tenants/:tenant/users': 'members:manage',
  'PATCH /tenants/:tenant/users/:id': 'members:manage',
  'DELETE /tenants/:tenant/users/:id': 'members:manage',
  'POST /tenants/:tenant/users/:id/password-reset': 'members:manage',
  'GET /tenants/:tenant/audit': 'audit:read',

  'GET /users': 'instance:admin',
  'PATCH /users/:id': 'instance:admin',
  'DELETE /users/:id': 'instance:admin',
  'GET /audit': 'instance:admin',
  'GET /instance/tokens': 'instance:admin',
  'POST /instance/tokens': 'instance:admin',
  'DELETE /instance/tokens/:id': 'instance:admin',
};

/** writes under these prefixes need the permission (any method); `/storage` is instance-admin for reads too */
const PREFIXES: ReadonlyArray<[prefix: string, perm: Permission, readsToo: boolean]> = [
  ['/storage', 'instance:admin', true],
  ['/jobs', 'instance:admin', true],
  ['/websites', 'websites:write', false],
  ['/alerts', 'alerts:write', false],
  ['/alert-', 'alerts:write', false],
  ['/channels', 'alerts:write', false],
  ['/incidents', 'alerts:write', false],
  ['/silences', 'alerts:write', false],
];

export type RoutePermission = Permission | 'unmapped';

/** the permission of a route pattern (`/services/:name`, relative to /api/v1) and method */
export function routePermission(method: string, pattern: string): RoutePermission {
  const m = method.toUpperCase();
  const exact = ROUTE_PERMISSIONS[`${m} ${pattern}`];
  if (exact) return exact;
  const read = m === 'GET' || m === 'HEAD' || m === 'OPTIONS';
  for (const [prefix, perm, readsToo] of PREFIXES) {
    if (
      (pattern === prefix || pattern.startsWith(`${prefix}/`) || (prefix.endsWith('-') && pattern.startsWith(prefix))) &&
      (!read || readsToo)
    ) {
      return perm;
    }
  }
  return read ? 'read' : 'unmapped';
}
