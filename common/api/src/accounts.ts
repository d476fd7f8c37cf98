import { z } from 'zod';
import { intParam, rangeQuery, textParam } from './params.js';
import { route } from './route.js';

/**
 * Accounts and tenants: sign-in and sessions, tenants, ingest keys, API tokens, members and users, the audit log.
 * Secrets (`key`, `token`, `setupToken`) appear only in the answer that creates them. Times are ISO strings.
 */

export const ROLE_NAMES = ['viewer', 'editor', 'admin', 'owner'] as const;
const role = z.enum(ROLE_NAMES).meta({ description: 'viewer < editor < admin < owner' });
const iso = z.string().meta({ description: 'ISO-8601 time' });
const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');
const password = z.string().min(12, 'at least 12 characters').max(256, 'at most 256 characters');
const name = z.string().trim().min(1).max(200);
const ok = z.object({ ok: z.literal(true) });

export const userRef = z.object({ id: z.string(), email: z.string(), name: z.string(), instanceAdmin: z.boolean() });
export const tenantRole = z.object({ id: z.string(), name: z.string(), role: z.string() });

export const loginBody = z.object({ email: z.string().max(254), password: z.string().max(1024), tenant: z.string().max(64).optional() });
export const loginResponse = z.object({
  user: userRef,
  tenant: z.string().nullable(),
  role: z.string().nullable(),
  tenants: z.array(tenantRole),
  csrfToken: z.string().meta({ description: 'send as `x-csrf-token` on every write made with the session cookie' }),
  expiresAt: iso,
});
export type LoginResponse = z.infer<typeof loginResponse>;

export const sessionInfoResponse = z.object({
  kind: z.enum(['user', 'token']),
  tenant: z.string().nullable(),
  role: z.string().nullable(),
  instanceAdmin: z.boolean(),
  tenants: z.array(tenantRole),
  user: userRef.nullable().optional(),
  token: z.object({ id: z.string(), name: z.string() }).optional(),
  csrfToken: z.string().nullable().optional(),
  expiresAt: iso.nullable().optional(),
});
export type SessionInfoResponse = z.infer<typeof sessionInfoResponse>;

export const setupBody = z.object({ token: z.string().min(10).max(200), password });
export const passwordBody = z.object({ currentPassword: z.string().max(1024), newPassword: password });
export const switchTenantBody = z.object({ tenant: z.string().min(1).max(64) });
export const sessionsResponse = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      current: z.boolean(),
      createdAt: iso,
      lastSeen: iso,
      expiresAt: iso,
      ip: z.string(),
      userAgent: z.string(),
    }),
  ),
});
const idParams = z.object({ id: z.string().regex(/^[\w.@-]{1,128}$/, 'not found') });
const tenantParams = z.object({ tenant: z.string().max(128) });
const tenantIdParams = z.object({ tenant: z.string().max(128), id: z.string().regex(/^[\w.@-]{1,128}$/, 'not found') });

export const tenantView = z.object({ id: z.string(), name: z.string(), createdAt: iso, role: z.string().optional() });
export const tenantCreateBody = z.object({
  name,
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a-z, 0-9, _ and -, at most 63')
    .optional(),
});

export const ingestKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: 'the first characters of the key, to tell keys apart' }),
  revoked: z.boolean(),
  createdBy: z.string(),
  createdAt: iso,
  revokedAt: iso.nullable(),
});
export const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  prefix: z.string(),
  revoked: z.boolean(),
  expiresAt: iso.nullable(),
  createdBy: z.string(),
  createdAt: iso,
});
export const tokenCreateBody = z.object({ name, role, expiresInDays: z.number().int().min(1).max(3650).optional() });
export const instanceTokenCreateBody = z.object({ name, expiresInDays: z.number().int().min(1).max(3650).optional() });

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  instanceAdmin: z.boolean(),
  disabled: z.boolean(),
  pendingSetup: z.boolean().meta({ description: 'no password yet: waits for its setup token' }),
  createdAt: iso,
});
export const memberView = userView.extend({ role: z.string(), memberSince: iso.optional() });
export const memberCreateBody = z.object({ email, name: z.string().trim().max(200).optional(), role, password: password.optional() });
export const memberCreateResponse = userView.extend({
  role: z.string(),
  setupToken: z.string().optional(),
  setupExpiresAt: iso.optional(),
});
export const userUpdateBody = z
  .object({ name: z.string().trim().max(200).optional(), instanceAdmin: z.boolean().optional(), disabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const auditQuery = rangeQuery.extend({
  limit: intParam('limit', 1, 5000, 'entries at most').default(200),
  action: textParam('action', 100, 'only actions starting with this, e.g. `ingest_key.`').optional(),
});
export const auditResponse = z.object({
  from: z.number(),
  to: z.number(),
  entries: z.array(
    z.object({
      time: iso,
      actor: z.object({ type: z.string(), id: z.string(), name: z.string() }),
      action: z.string(),
      target: z.object({ type: z.string(), id: z.string() }),
      details: z.record(z.string(), z.unknown()),
      ip: z.string(),
    }),
  ),
});

const tenantNotFound = { status: 404, code: 'TENANT_NOT_FOUND', when: 'no such tenant, or no role in it' } as const;
const forbidden = { status: 403, code: 'FORBIDDEN', when: 'the role is too low' } as const;
const t = 'accounts';

/** The accounts routes, by operation id. */
export const accountRoutes = {
  login: route({
    method: 'post',
    path: '/auth/login',
    tag: t,
    summary: 'Sign in: sets the HttpOnly session cookie',
    body: loginBody,
    response: loginResponse,
    errors: [
      { status: 401, code: 'LOGIN_FAILED', when: 'wrong e-mail or password (the same for unknown e-mails)' },
      { status: 429, code: 'LOGIN_RATE_LIMITED', when: 'too many failures for this e-mail or IP: Retry-After' },
    ],
  }),
  logout: route({ method: 'post', path: '/auth/logout', tag: t, summary: 'Sign out: revokes the session', response: ok }),
  session: route({
    method: 'get',
    path: '/auth/session',
    tag: t,
    summary: 'Who is calling, the tenant and role, the CSRF token',
    response: sessionInfoResponse,
  }),
  switchTenant: route({
    method: 'post',
    path: '/auth/tenant',
    tag: t,
    summary: "Change the session's current tenant",
    body: switchTenantBody,
    response: z.object({ tenant: z.string(), role: z.string() }),
    errors: [tenantNotFound],
  }),
  changePassword: route({
    method: 'post',
    path: '/auth/password',
    tag: t,
    summary: 'Change the own password (other sessions end)',
    body: passwordBody,
    response: ok,
  }),
  setup: route({
    method: 'post',
    path: '/auth/setup',
    tag: t,
    summary: 'Set a password with a one-time setup token',
    body: setupBody,
    response: z.object({ email: z.string() }),
    errors: [{ status: 400, code: 'SETUP_TOKEN_INVALID', when: 'used, expired or unknown' }],
  }),
  listSessions: route({ method: 'get', path: '/auth/sessions', tag: t, summary: 'The own live sessions', response: sessionsResponse }),
  revokeSession: route({
    method: 'delete',
    path: '/auth/sessions/:id',
    tag: t,
    summary: 'End one of the own sessions',
    params: idParams,
    response: ok,
  }),
  listTenants: route({
    method: 'get',
    path: '/tenants',
    tag: t,
    summary: 'Tenants: all for instance admins, else the own',
    response: z.object({ tenants: z.array(tenantView) }),
  }),
  createTenant: route({
    method: 'post',
    path: '/tenants',
    tag: t,
    summary: 'Create a tenant (instance admins)',
    body: tenantCreateBody,
    status: 201,
    response: tenantView,
    errors: [forbidden, { status: 409, code: 'TENANT_EXISTS', when: 'id or name taken' }],
  }),
  getTenant: route({
    method: 'get',
    path: '/tenants/:tenant',
    tag: t,
    summary: 'One tenant',
    params: tenantParams,
    response: tenantView,
    errors: [tenantNotFound],
  }),
  renameTenant: route({
    method: 'patch',
    path: '/tenants/:tenant',
    tag: t,
    summary: 'Rename a tenant (owners)',
    params: tenantParams,
    body: z.object({ name }),
    response: tenantView,
    errors: [tenantNotFound, forbidden],
  }),
  deleteTenant: route({
    method: 'delete',
    path: '/tenants/:tenant',
    tag: t,
    summary: 'Delete a tenant and, after a delay, all its data (instance admins)',
    params: tenantParams,
    response: z.object({ id: z.string(), status: z.literal('deleting'), purgeAfterMs: z.number() }),
    errors: [tenantNotFound, forbidden],
  }),
  listIngestKeys: route({
    method: 'get',
    path: '/tenants/:tenant/ingest-keys',
    tag: t,
    summary: "A tenant's ingest keys (no secrets)",
    params: tenantParams,
    response: z.object({ keys: z.array(ingestKeyView) }),
    errors: [tenantNotFound, forbidden],
  }),
  createIngestKey: route({
    method: 'post',
    path: '/tenants/:tenant/ingest-keys',
    tag: t,
    summary: 'New ingest key, shown once',
    params: tenantParams,
    body: z.object({ name }),
    status: 201,
    response: ingestKeyView.extend({ key: z.string() }),
    errors: [tenantNotFound, forbidden],
  }),
  revokeIngestKey: route({
    method: 'delete',
    path: '/tenants/:tenant/ingest-keys/:id',
    tag: t,
    summary: 'Revoke an ingest key',
    params: tenantIdParams,
    response: ingestKeyView,
    errors: [tenantNotFound, forbidden],
  }),
  listTokens: route({
    method: 'get',
    path: '/tenants/:tenant/tokens',
    tag: t,
    summary: "A tenant's API tokens (no secrets)",
    params: tenantParams,
    response: z.object({ tokens: z.array(tokenView) }),
    errors: [tenantNotFound, forbidden],
  }),
  createToken: route({
    method: 'post',
    path: '/tenants/:tenant/tokens',
    tag: t,
    summary: 'New API token with a role (at most the caller’s), shown once',
    params: tenantParams,
    body: tokenCreateBody,
    status: 201,
    response: tokenView.extend({ token: z.string() }),
    errors: [tenantNotFound, forbidden],
  }),
  revokeToken: route({
    method: 'delete',
    path: '/tenants/:tenant/tokens/:id',
    tag: t,
    summary: 'Revoke an API token',
    params: tenantIdParams,
    response: tokenView,
    errors: [tenantNotFound, forbidden],
  }),
  listMembers: route({
    method: 'get',
    path: '/tenants/:tenant/users',
    tag: t,
    summary: "A tenant's members and roles",
    params: tenantParams,
    response: z.object({ users: z.array(memberView) }),
    errors: [tenantNotFound, forbidden],
  }),
  addMember: route({
    method: 'post',
    path: '/tenants/:tenant/users',
    tag: t,
    summary: 'Add a member (a new user without password gets a setup token)',
    params: tenantParams,
    body: memberCreateBody,
    status: 201,
    response: memberCreateResponse,
    errors: [tenantNotFound, forbidden, { status: 409, code: 'USER_EXISTS', when: 'already a member' }],
  }),
  changeMemberRole: route({
    method: 'patch',
    path: '/tenants/:tenant/users/:id',
    tag: t,
    summary: "Change a member's role",
    params: tenantIdParams,
    body: z.object({ role }),
    response: memberView,
    errors: [tenantNotFound, forbidden, { status: 409, code: 'LAST_OWNER', when: 'the last owner' }],
  }),
  removeMember: route({
    method: 'delete',
    path: '/tenants/:tenant/users/:id',
    tag: t,
    summary: 'Remove a member',
    params: tenantIdParams,
    response: ok,
    errors: [tenantNotFound, forbidden, { status: 409, code: 'LAST_OWNER', when: 'the last owner' }],
  }),
  resetPassword: route({
    method: 'post',
    path: '/tenants/:tenant/users/:id/password-reset',
    tag: t,
    summary: 'A one-time setup token to set a new password',
    params: tenantIdParams,
    response: z.object({ id: z.string(), setupToken: z.string(), setupExpiresAt: iso }),
    errors: [tenantNotFound, forbidden],
  }),
  tenantAudit: route({
    method: 'get',
    path: '/tenants/:tenant/audit',
    tag: t,
    summary: "A tenant's audit log, newest first (default: last 30 days)",
    params: tenantParams,
    query: auditQuery,
    response: auditResponse,
    errors: [tenantNotFound, forbidden],
  }),
  instanceAudit: route({
    method: 'get',
    path: '/audit',
    tag: t,
    summary: 'The instance-wide audit log (instance admins)',
    query: auditQuery,
    response: auditResponse,
    errors: [forbidden],
  }),
  listUsers: route({
    method: 'get',
    path: '/users',
    tag: t,
    summary: 'Every user with its tenants (instance admins)',
    response: z.object({ users: z.array(userView.extend({ tenants: z.array(z.object({ id: z.string(), role: z.string() })) })) }),
    errors: [forbidden],
  }),
  updateUser: route({
    method: 'patch',
    path: '/users/:id',
    tag: t,
    summary: 'Rename, disable or make instance admin (instance admins)',
    params: idParams,
    body: userUpdateBody,
    response: userView,
    errors: [forbidden, { status: 409, code: 'LAST_INSTANCE_ADMIN', when: 'the last enabled instance admin' }],
  }),
  deleteUser: route({
    method: 'delete',
    path: '/users/:id',
    tag: t,
    summary: 'Delete a user (instance admins)',
    params: idParams,
    response: ok,
    errors: [forbidden],
  }),
  listInstanceTokens: route({
    method: 'get',
    path: '/instance/tokens',
    tag: t,
    summary: 'Instance-admin API tokens',
    response: z.object({ tokens: z.array(tokenView) }),
    errors: [forbidden],
  }),
  createInstanceToken: route({
    method: 'post',
    path: '/instance/tokens',
    tag: t,
    summary: 'New instance-admin API token, shown once',
    body: instanceTokenCreateBody,
    status: 201,
    response: tokenView.extend({ token: z.string() }),
    errors: [forbidden],
  }),
  revokeInstanceToken: route({
    method: 'delete',
    path: '/instance/tokens/:id',
    tag: t,
    summary: 'Revoke an instance-admin API token',
    params: idParams,
    response: tokenView,
    errors: [forbidden],
  }),
};
