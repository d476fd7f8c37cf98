import { accountRoutes as r } from '@argus/api';
import type { Context, Hono } from 'hono';
import { apiRoute } from '../../api-route.js';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import type { Accounts } from '../open.js';
import { verifyPassword } from '../passwords.js';
import { principalOf } from '../principal.js';
import { iso } from './http.js';

/** the tenants a principal can switch to, with its role in each */
function tenantsOf(accounts: Accounts, c: Context<AppEnv>) {
  const p = principalOf(c);
  const { tenants, store } = accounts;
  if (p.instanceAdmin) return tenants.list().map((t) => ({ id: t.id, name: t.name, role: 'owner' }));
  if (p.kind === 'token') {
    const t = p.tokenTenant ? tenants.get(p.tokenTenant) : undefined;
    return t ? [{ id: t.id, name: t.name, role: p.role ?? 'viewer' }] : [];
  }
  return store.membershipsOf(p.id).map((m) => ({ id: m.tenant, name: tenants.get(m.tenant)?.name ?? m.tenant, role: m.role }));
}

/** POST /auth/login, /auth/logout, /auth/tenant, /auth/password, /auth/setup; GET /auth/session, /auth/sessions. */
export function registerAuthRoutes(app: Hono<AppEnv>, accounts: Accounts): void {
  const { store, sessions } = accounts;

  apiRoute(app, { ...r.login, bodyErrorCode: 'INVALID_BODY' }, async ({ body, c }) => {
    const s = await sessions.login(c, body);
    const tenant = s.session.currentTenant;
    const role = s.user.instanceAdmin ? (tenant ? 'owner' : undefined) : store.roleIn(s.user.id, tenant);
    c.set('principal', { kind: 'user', id: s.user.id, name: s.user.email, instanceAdmin: s.user.instanceAdmin, role });
    return {
      user: { id: s.user.id, email: s.user.email, name: s.user.name, instanceAdmin: s.user.instanceAdmin },
      tenant: tenant || null,
      role: role ?? null,
      tenants: tenantsOf(accounts, c),
      csrfToken: s.csrf,
      expiresAt: iso(s.session.expiresAt),
    };
  });

  apiRoute(app, r.logout, async ({ c }) => {
    await sessions.logout(c);
    return { ok: true as const };
  });

  apiRoute(app, r.session, ({ c }) => {
    const p = principalOf(c);
    const tenant = c.get('tenant') || null;
    const base = { kind: p.kind, tenant, role: p.role ?? null, instanceAdmin: p.instanceAdmin, tenants: tenantsOf(accounts, c) };
    if (p.kind === 'token') return { ...base, token: { id: p.id, name: p.name } };
    const user = store.user(p.id);
    const s = p.session ? store.sessions.get(p.session.id) : undefined;
    return {
      ...base,
      user: user ? { id: user.id, email: user.email, name: user.name, instanceAdmin: user.instanceAdmin } : null,
      csrfToken: p.session?.csrf ?? null,
      expiresAt: s ? iso(s.expiresAt) : null,
    };
  });

  apiRoute(app, { ...r.switchTenant, bodyErrorCode: 'INVALID_BODY' }, async ({ body, c }) => {
    const p = principalOf(c);
    const s = p.session ? store.sessions.get(p.session.id) : undefined;
    const user = store.user(p.id);
    if (!s || !user) throw new ArgusError('NOT_A_SESSION', 'only a signed-in user switches tenants; API tokens belong to one tenant', 400);
    const role = await sessions.switchTenant(s, user, body.tenant);
    return { tenant: body.tenant, role };
  });

  apiRoute(app, { ...r.changePassword, bodyErrorCode: 'INVALID_BODY' }, async ({ body, c }) => {
    const p = principalOf(c);
    const user = p.kind === 'user' ? store.user(p.id) : undefined;
    if (!user || !p.session) throw new ArgusError('NOT_A_SESSION', 'only a signed-in user changes a password', 400);
    if (!(await verifyPassword(user.passwordHash || undefined, body.currentPassword))) {
      throw new ArgusError('LOGIN_FAILED', 'the current password is wrong', 403);
    }
    await store.setPassword(user.id, body.newPassword, p.session.id);
    await accounts.audit(c, { tenant: '', action: 'user.password_changed', target: { type: 'user', id: user.id } });
    return { ok: true as const };
  });

  apiRoute(app, { ...r.setup, bodyErrorCode: 'INVALID_BODY' }, async ({ body, c }) => {
    const user = store.userBySetupToken(body.token);
    if (!user) throw new ArgusError('SETUP_TOKEN_INVALID', 'this link is invalid, used or expired: ask an admin for a new one', 400);
    await store.setPassword(user.id, body.password);
    c.set('principal', { kind: 'user', id: user.id, name: user.email, instanceAdmin: user.instanceAdmin });
    await accounts.audit(c, { tenant: '', action: 'user.password_set', target: { type: 'user', id: user.id } });
    return { email: user.email };
  });

  apiRoute(app, r.listSessions, ({ c }) => {
    const p = principalOf(c);
    return { sessions: p.session ? sessions.list(p.id, p.session.id) : [] };
  });

  apiRoute(app, r.revokeSession, async ({ params, c }) => {
    const p = principalOf(c);
    if (p.kind !== 'user' || !(await sessions.revoke(p.id, params.id))) throw new ArgusError('SESSION_NOT_FOUND', 'session not found', 404);
    return { ok: true as const };
  });
}
