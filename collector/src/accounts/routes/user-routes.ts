import { accountRoutes as r } from '@argus/api';
import type { Context, Hono } from 'hono';
import { apiRoute } from '../../api-route.js';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { mayAssign, type Membership, type User } from '../account-store.js';
import type { Accounts } from '../open.js';
import { checkPasswordPolicy } from '../passwords.js';
import { principalOf } from '../principal.js';
import { rank, type Role } from '../roles.js';
import { iso } from './http.js';

const userView = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  instanceAdmin: u.instanceAdmin,
  disabled: u.disabled,
  pendingSetup: !u.passwordHash,
  createdAt: iso(u.createdAt),
});

/** Members of a tenant (admins: owners only by owners), users of the instance (instance admins). */
export function registerUserRoutes(app: Hono<AppEnv>, accounts: Accounts): void {
  const { store } = accounts;
  const actorRole = (c: Context<AppEnv>): Role | 'instance_admin' => {
    const p = principalOf(c);
    return p.instanceAdmin ? 'instance_admin' : (p.role ?? 'viewer');
  };
  const member = (c: Context<AppEnv>, id: string): Membership & { user: User } => {
    const m = store.members(c.get('tenant')).find((x) => x.userId === id);
    const user = store.user(id);
    if (!m || !user) throw new ArgusError('USER_NOT_FOUND', 'user not found', 404);
    return { ...m, user };
  };
  /** an admin manages members up to their own role; the last owner of a tenant stays an owner */
  const guard = (c: Context<AppEnv>, m: Membership, next?: Role) => {
    if (!mayAssign(actorRole(c), m.role) || (next && !mayAssign(actorRole(c), next))) {
      throw new ArgusError('FORBIDDEN', 'only owners manage owners', 403);
    }
    if (m.role === 'owner' && next !== 'owner' && store.owners(m.tenant).length <= 1) {
      throw new ArgusError('LAST_OWNER', 'a tenant keeps at least one owner: make someone else owner first', 409);
    }
  };

  apiRoute(app, r.listMembers, ({ tenant }) => ({
    users: store.members(tenant).flatMap((m) => {
      const u = store.user(m.userId);
      return u ? [{ ...userView(u), role: m.role, memberSince: iso(m.createdAt) }] : [];
    }),
  }));

  apiRoute(app, { ...r.addMember, bodyErrorCode: 'INVALID_BODY' }, async ({ tenant, body, c }) => {
    if (!mayAssign(actorRole(c), body.role)) throw new ArgusError('FORBIDDEN', 'only owners add owners', 403);
    if (body.password) checkPasswordPolicy(body.password, body.email);
    let user = store.userByEmail(body.email);
    let setupToken: string | undefined;
    if (user) {
      if (store.roleIn(user.id, tenant)) throw new ArgusError('USER_EXISTS', 'this user is a member already', 409);
    } else {
      const created = await store.createUser({ email: body.email, name: body.name, password: body.password });
      user = created.user;
      setupToken = created.setupToken;
      await accounts.audit(c, {
        tenant: '',
        action: 'user.created',
        target: { type: 'user', id: user.id },
        details: { email: user.email },
      });
    }
    await store.setMembership(tenant, user.id, body.role);
    await accounts.audit(c, {
      action: 'member.added',
      target: { type: 'user', id: user.id },
      details: { email: user.email, role: body.role },
    });
    const fresh = store.user(user.id)!;
    return { ...userView(fresh), role: body.role, ...(setupToken ? { setupToken, setupExpiresAt: iso(fresh.setupExpiresAt) } : {}) };
  });

  apiRoute(app, { ...r.changeMemberRole, bodyErrorCode: 'INVALID_BODY' }, async ({ params, body: { role }, c }) => {
    const m = member(c, params.id);
    guard(c, m, role);
    await store.setMembership(m.tenant, m.userId, role);
    await accounts.audit(c, { action: 'member.role_changed', target: { type: 'user', id: m.userId }, details: { from: m.role, to: role } });
    return { ...userView(m.user), role };
  });

  apiRoute(app, r.removeMember, async ({ params, c }) => {
    const m = member(c, params.id);
    guard(c, m);
    await store.removeMembership(m.tenant, m.userId);
    await accounts.audit(c, {
      action: 'member.removed',
      target: { type: 'user', id: m.userId },
      details: { email: m.user.email, role: m.role },
    });
    return { ok: true as const };
  });

  // a reset hands a one-time setup token to the admin; only for users whose every tenant the admin manages,
  // so an admin of one tenant cannot take over an account that also belongs to another
  apiRoute(app, r.resetPassword, async ({ params, c }) => {
    const p = principalOf(c);
    const m = member(c, params.id);
    guard(c, m, m.role);
    const actorIn = (tenant: string): Role | 'instance_admin' | undefined =>
      p.instanceAdmin
        ? 'instance_admin'
        : p.kind === 'token'
          ? p.tokenTenant === tenant
            ? p.role
            : undefined
          : store.roleIn(p.id, tenant);
    const managesAll = store.membershipsOf(m.userId).every((x) => {
      const r = actorIn(x.tenant);
      return r !== undefined && (r === 'instance_admin' || rank(r) >= rank('admin')) && mayAssign(r, x.role);
    });
    if ((m.user.instanceAdmin && !p.instanceAdmin) || !managesAll) {
      throw new ArgusError('FORBIDDEN', 'this user belongs to tenants you do not manage: ask an instance admin', 403);
    }
    const { token, expiresAt } = await store.createSetupToken(m.userId);
    await accounts.audit(c, { action: 'user.password_reset', target: { type: 'user', id: m.userId } });
    return { id: m.userId, setupToken: token, setupExpiresAt: iso(expiresAt) };
  });

  apiRoute(app, r.listUsers, () => ({
    users: store.users().map((u) => ({ ...userView(u), tenants: store.membershipsOf(u.id).map((m) => ({ id: m.tenant, role: m.role })) })),
  }));

  apiRoute(app, { ...r.updateUser, bodyErrorCode: 'INVALID_BODY' }, async ({ params: { id }, body: change, c }) => {
    const before = store.user(id);
    if (!before) throw new ArgusError('USER_NOT_FOUND', 'user not found', 404);
    const admins = store.users().filter((u) => u.instanceAdmin && !u.disabled);
    if (before.instanceAdmin && (change.instanceAdmin === false || change.disabled) && admins.length <= 1) {
      throw new ArgusError('LAST_INSTANCE_ADMIN', 'the instance keeps at least one enabled instance admin', 409);
    }
    const u = await store.updateUser(id, change);
    await accounts.audit(c, { tenant: '', action: 'user.updated', target: { type: 'user', id }, details: change });
    return userView(u);
  });

  apiRoute(app, r.deleteUser, async ({ params: { id }, c }) => {
    const u = store.user(id);
    if (!u) throw new ArgusError('USER_NOT_FOUND', 'user not found', 404);
    if (u.instanceAdmin && store.users().filter((x) => x.instanceAdmin && !x.disabled).length <= 1) {
      throw new ArgusError('LAST_INSTANCE_ADMIN', 'the instance keeps at least one enabled instance admin', 409);
    }
    for (const m of store.membershipsOf(id)) {
      if (m.role === 'owner' && store.owners(m.tenant).length <= 1) {
        throw new ArgusError('LAST_OWNER', `this user is the last owner of tenant ${m.tenant}: make someone else owner first`, 409);
      }
    }
    await store.deleteUser(id);
    await accounts.audit(c, { tenant: '', action: 'user.deleted', target: { type: 'user', id }, details: { email: u.email } });
    return { ok: true as const };
  });
}
