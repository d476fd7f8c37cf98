import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../module.js';
import { sameSecret } from '../tenants/secrets.js';
import { DEFAULT_TENANT } from '../tenants/tenant-store.js';
import type { Accounts } from './open.js';
import type { Principal } from './principal.js';
import { allows, type Role } from './roles.js';
import { ROUTE_PERMISSIONS, routePermission } from './route-permissions.js';

const API_PREFIX = '/api/v1';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * the pattern of the /api/v1 route that will answer (`/services/:name`, relative to /api/v1); undefined when none
 * matches. The first matching handler answers (routes on the outer app, such as the UI's `GET *` fallback, also
 * match and come later), so it is the first non-middleware match under /api/v1.
 */
export function endpointPattern(c: Context): string | undefined {
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL' && r.path.startsWith(`${API_PREFIX}/`));
  return route ? route.path.slice(API_PREFIX.length) : undefined;
}

const deny = (c: Context, status: 401 | 403 | 404, code: string, message: string) =>
  c.json({ code, message }, status, status === 401 ? { 'www-authenticate': 'Bearer realm="argus"' } : undefined);

/** a principal from `Authorization: Bearer <API token>`, else from the session cookie */
function authenticate(c: Context, accounts: Accounts): Principal | 'bad-token' | undefined {
  const auth = c.req.header('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    const token = m ? accounts.store.tokenBySecret(m[1]) : undefined;
    if (!token) return 'bad-token';
    const instance = token.role === 'instance_admin';
    return {
      kind: 'token',
      id: token.id,
      name: token.name,
      instanceAdmin: instance,
      role: token.role === 'instance_admin' ? undefined : token.role,
      tokenTenant: token.tenant,
    };
  }
  const s = accounts.sessions.authenticate(c);
  if (!s) return undefined;
  return {
    kind: 'user',
    id: s.user.id,
    name: s.user.email,
    instanceAdmin: s.user.instanceAdmin,
    session: { id: s.session.id, csrf: s.csrf },
  };
}

/** the tenant a request asks for: `/tenants/:tenant/...` in the path, else `x-argus-tenant`, else the principal's own */
function requestedTenant(c: Context, pattern: string | undefined, p: Principal, accounts: Accounts): string {
  if (pattern?.startsWith('/tenants/:tenant')) return decodeURIComponent(c.req.path.slice(API_PREFIX.length).split('/')[2] ?? '');
  const header = c.req.header('x-argus-tenant')?.trim();
  if (header) return header;
  if (p.kind === 'token' && p.tokenTenant) return p.tokenTenant;
  if (p.session) return accounts.store.sessions.get(p.session.id)?.currentTenant || DEFAULT_TENANT;
  return DEFAULT_TENANT;
}

/** the principal's role in a tenant (instance admins: owner of every active tenant); undefined = no access */
function roleIn(p: Principal, tenant: string, accounts: Accounts): Role | undefined {
  if (!accounts.tenants.isActive(tenant)) return undefined;
  if (p.instanceAdmin) return 'owner';
  if (p.kind === 'token') return p.tokenTenant === tenant ? p.role : undefined;
  return accounts.store.roleIn(p.id, tenant);
}

/** a cookie-authenticated write must carry the session's CSRF token, and a browser's Origin must be this host */
function csrfOk(c: Context, p: Principal, trustProxy: boolean): boolean {
  if (!p.session || SAFE.has(c.req.method)) return true;
  if (!sameSecret(c.req.header('x-csrf-token') ?? '', p.session.csrf)) return false;
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return origin !== 'null';
  const host = (trustProxy ? c.req.header('x-forwarded-host') : undefined) ?? c.req.header('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The one auth middleware of /api/v1. Authenticates (API token or session cookie), checks CSRF for cookie
 * writes, picks the request's tenant and the principal's role in it, and enforces the route's permission from
 * the route table (route-permissions.ts). Sets `principal` and `tenant` for the handlers, which read and write
 * only `c.get('tenant')`. A tenant the principal has no access to is answered like one that does not exist.
 */
export function authMiddleware(accounts: Accounts): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const pattern = endpointPattern(c);
    const perm = pattern ? routePermission(c.req.method, pattern) : 'read';
    if (perm === 'public') {
      // no cookie protects a sign-in, so it must be a JSON request: a cross-site form (login CSRF) cannot send one
      if (!SAFE.has(c.req.method) && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
        return c.json({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json' }, 415);
      }
      return next();
    }
    const p = authenticate(c, accounts);
    if (p === 'bad-token') return deny(c, 401, 'UNAUTHORIZED', 'unknown, expired or revoked API token');
    if (!p) return deny(c, 401, 'UNAUTHORIZED', 'sign in (POST /api/v1/auth/login) or send Authorization: Bearer <API token>');
    if (!csrfOk(c, p, accounts.config.trustProxy)) {
      return deny(
        c,
        403,
        'CSRF_FAILED',
        'a signed-in write needs the x-csrf-token header (from GET /api/v1/auth/session) and a same-origin request',
      );
    }
    c.set('principal', p);
    const tenant = requestedTenant(c, pattern, p, accounts);
    const role = roleIn(p, tenant, accounts);
    if ((perm === 'authenticated' || perm === 'instance:admin') && !pattern?.startsWith('/tenants/:tenant')) {
      // routes about the principal or the whole instance: a tenant is set when the principal has one
      if (perm === 'instance:admin' && !p.instanceAdmin) return deny(c, 403, 'FORBIDDEN', 'this needs an instance admin');
      c.set('tenant', role ? tenant : '');
      p.role = role;
      return next();
    }
    if (!role) return deny(c, 404, 'TENANT_NOT_FOUND', 'tenant not found');
    p.role = role;
    if (perm === 'unmapped' ? !p.instanceAdmin : !allows(perm, role, p.instanceAdmin)) {
      return deny(
        c,
        403,
        'FORBIDDEN',
        perm === 'instance:admin' || perm === 'unmapped' ? 'this needs an instance admin' : `your role (${role}) may not do this`,
      );
    }
    c.set('tenant', tenant);
    await next();
    if (!SAFE.has(c.req.method) && c.res.status < 400 && pattern && !(`${c.req.method} ${pattern}` in ROUTE_PERMISSIONS)) {
      await auditWrite(c, accounts, pattern);
    }
  };
}

const VERB: Record<string, string> = { POST: 'created', PUT: 'updated', PATCH: 'updated', DELETE: 'deleted' };

/**
 * Writes of other modules (websites, alert configurations...) are audited here, so none is missed: action
 * `<resource>.<created|updated|deleted>`, target id from the last path parameter or the answer's `id`. The
 * accounts routes record their own, more detailed entries.
 */
async function auditWrite(c: Context, accounts: Accounts, pattern: string): Promise<void> {
  const names = pattern.split('/');
  const values = c.req.path.slice(API_PREFIX.length).split('/');
  const params = names.flatMap((n, i) => (n.startsWith(':') ? [decodeURIComponent(values[i] ?? '')] : []));
  let id = params.at(-1) ?? '';
  if (!id && c.res.headers.get('content-type')?.includes('json')) {
    const body = (await c.res
      .clone()
      .json()
      .catch(() => undefined)) as { id?: unknown } | undefined;
    id = typeof body?.id === 'string' ? body.id : '';
  }
  const resource = (names[1] ?? '').replace(/s$/, '').replace(/-/g, '_');
  await accounts
    .audit(c, {
      action: `${resource}.${VERB[c.req.method] ?? 'changed'}`,
      target: { type: resource, id },
      details: { route: `${c.req.method} ${pattern}` },
    })
    .catch((err: unknown) => accounts.log.warn({ err }, 'could not write an audit entry'));
}
