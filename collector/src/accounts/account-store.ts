import { ArgusError } from '../errors.js';
import type { Storage } from '../storage/storage.js';
import { displayPrefix, hashSecret, newId, newSecret } from '../tenants/secrets.js';
import type { TenantStore } from '../tenants/tenant-store.js';
import { hashPassword } from './passwords.js';
import { rank, type Role } from './roles.js';
import { auditLog, type AuditLog } from './store/audit.js';
import { sessionTable, type Session } from './store/sessions.js';
import { tokenTable, type ApiToken } from './store/tokens.js';
import { userTables, type Membership, type User } from './store/users.js';

export type { ApiToken, Membership, Session, User };

/** an API token as the API lists it (no secret) */
export interface TokenView {
  id: string;
  name: string;
  role: string;
  prefix: string;
  revoked: boolean;
  expiresAt: string | null;
  createdBy: string;
  createdAt: string;
}

export const tokenView = (t: ApiToken): TokenView => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.prefix,
  revoked: t.revoked,
  expiresAt: t.expiresAt ? new Date(t.expiresAt).toISOString() : null,
  createdBy: t.createdBy,
  createdAt: new Date(t.createdAt).toISOString(),
});

const SETUP_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Users, memberships, API tokens and sessions: mirrored in memory like the tenant store (every request reads
 * them), written through to ClickHouse, and re-read from it by `sync()` so every collector sees every change.
 */
export async function createAccountStore(storage: Storage, tenants: TenantStore) {
  const { users, memberships } = userTables(storage);
  const tokens = tokenTable(storage);
  const sessions = sessionTable(storage);
  const audit: AuditLog = auditLog(storage);
  const tokenByHash = new Map<string, string>();
  const userByEmail = new Map<string, string>();
  const indexToken = (t: ApiToken) => tokenByHash.set(t.tokenHash, `${t.tenant}\0${t.id}`);
  const indexUser = (u: User) => {
    if (u.deleted) {
      if (userByEmail.get(u.email) === u.id) userByEmail.delete(u.email);
    } else userByEmail.set(u.email, u.id);
  };

  /** every table read at once: a revocation waits for one round trip, not for six in a row */
  async function sync() {
    const [, changedUsers, , changedTokens] = await Promise.all([
      tenants.sync(),
      users.sync(),
      memberships.sync(),
      tokens.sync(),
      sessions.sync(),
    ]);
    for (const u of changedUsers) indexUser(u);
    for (const t of changedTokens) indexToken(t);
  }
  await sync();

  const liveUser = (id: string) => {
    const u = users.get(id);
    return u && !u.deleted ? u : undefined;
  };
  const writeUser = async (u: User) => {
    const row = await users.write(u);
    indexUser(row);
    return row;
  };

  /** active memberships of a user in active tenants */
  const membershipsOf = (userId: string): Membership[] =>
    [...memberships.values()].filter((m) => m.userId === userId && !m.deleted && tenants.isActive(m.tenant));

  function roleIn(userId: string, tenant: string): Role | undefined {
    const m = memberships.get(`${tenant}\0${userId}`);
    return m && !m.deleted && tenants.isActive(tenant) ? m.role : undefined;
  }

  async function revokeSessions(userId: string, exceptId?: string) {
    for (const s of [...sessions.values()]) {
      if (s.userId === userId && !s.revoked && s.id !== exceptId) await sessions.write({ ...s, revoked: true });
    }
  }

  return {
    tenants,
    audit,
    sessions,
    sync,
    // ---- users and memberships
    user: liveUser,
    userByEmail: (email: string) => {
      const id = userByEmail.get(email.trim().toLowerCase());
      return id ? liveUser(id) : undefined;
    },
    users: () => [...users.values()].filter((u) => !u.deleted).sort((a, b) => a.createdAt - b.createdAt),
    membershipsOf,
    members: (tenant: string) => [...memberships.values()].filter((m) => m.tenant === tenant && !m.deleted),
    roleIn,
    owners: (tenant: string) => [...memberships.values()].filter((m) => m.tenant === tenant && !m.deleted && m.role === 'owner'),
    /** a new user; without a password it gets a one-time setup token (returned once) to choose one */
    async createUser(u: { email: string; name?: string; password?: string; instanceAdmin?: boolean }) {
      const email = u.email.trim().toLowerCase();
      if (userByEmail.has(email)) throw new ArgusError('USER_EXISTS', 'a user with this e-mail exists', 409);
      const now = Date.now();
      const setup = u.password ? undefined : newSecret('su_');
      const user = await writeUser({
        id: newId('u_'),
        email,
        name: u.name ?? '',
        passwordHash: u.password ? await hashPassword(u.password) : '',
        instanceAdmin: u.instanceAdmin ?? false,
        disabled: false,
        deleted: false,
        setupHash: setup ? hashSecret(setup) : '',
        setupExpiresAt: setup ? now + SETUP_TTL_MS : 0,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      return { user, setupToken: setup };
    },
    async updateUser(id: string, change: Partial<Pick<User, 'name' | 'instanceAdmin' | 'disabled'>>) {
      const u = liveUser(id);
      if (!u) throw new ArgusError('USER_NOT_FOUND', 'user not found', 404);
      const row = await writeUser({ ...u, ...change });
      if (change.disabled) await revokeSessions(id);
      return row;
    },
    async deleteUser(id: string) {
      const u = liveUser(id);
      if (!u) throw new ArgusError('USER_NOT_FOUND', 'user not found', 404);
      for (const m of membershipsOf(id)) await memberships.write({ ...m, deleted: true });
      await revokeSessions(id);
      await writeUser({ ...u, deleted: true, setupHash: '' });
    },
    /** sets a password (clears any setup token) and signs the user out everywhere but `keepSession` */
    async setPassword(id: string, password: string, keepSession?: string) {
      const u = liveUser(id);
      if (!u) throw new ArgusError('USER_NOT_FOUND', 'user not found', 404);
      await writeUser({
        ...u,
        passwordHash: await hashPassword(password),
        setupHash: '',
        setupExpiresAt: 0,
        passwordChangedAt: Date.now(),
      });
      await revokeSessions(id, keepSession);
    },
    /** a one-time token to (re)set the password, valid 7 days; replaces any earlier one */
    async createSetupToken(id: string) {
      const u = liveUser(id);
      if (!u) throw new ArgusError('USER_NOT_FOUND', 'user not found', 404);
      const token = newSecret('su_');
      const expiresAt = Date.now() + SETUP_TTL_MS;
      await writeUser({ ...u, setupHash: hashSecret(token), setupExpiresAt: expiresAt });
      return { token, expiresAt };
    },
    /** the user a setup token belongs to, when valid */
    userBySetupToken(token: string): User | undefined {
      const h = hashSecret(token);
      return [...users.values()].find((u) => !u.deleted && !u.disabled && u.setupHash === h && u.setupExpiresAt > Date.now());
    },
    async setMembership(tenant: string, userId: string, role: Role) {
      const prev = memberships.get(`${tenant}\0${userId}`);
      const now = Date.now();
      return memberships.write({
        tenant,
        userId,
        role,
        deleted: false,
        createdAt: prev && !prev.deleted ? prev.createdAt : now,
        updatedAt: now,
      });
    },
    async removeMembership(tenant: string, userId: string) {
      const m = memberships.get(`${tenant}\0${userId}`);
      if (!m || m.deleted) return false;
      await memberships.write({ ...m, deleted: true });
      return true;
    },
    revokeSessions,
    // ---- API tokens
    /** the active token a bearer secret names */
    tokenBySecret(secret: string): ApiToken | undefined {
      const ref = tokenByHash.get(hashSecret(secret));
      const t = ref ? tokens.get(ref) : undefined;
      if (!t || t.revoked || (t.expiresAt && t.expiresAt <= Date.now())) return undefined;
      if (t.tenant !== '' && !tenants.isActive(t.tenant)) return undefined;
      return t;
    },
    listTokens: (tenant: string) =>
      [...tokens.values()]
        .filter((t) => t.tenant === tenant)
        .sort((a, b) => a.createdAt - b.createdAt)
        .map(tokenView),
    async createToken(t: {
      tenant: string;
      name: string;
      role: Role | 'instance_admin';
      createdBy: string;
      expiresAt?: number;
      secret?: string;
      id?: string;
    }) {
      const secret = t.secret ?? newSecret('at_');
      const now = Date.now();
      const row = await tokens.write({
        tenant: t.tenant,
        id: t.id ?? newId('tk_'),
        name: t.name,
        role: t.role,
        prefix: displayPrefix(secret),
        tokenHash: hashSecret(secret),
        revoked: false,
        expiresAt: t.expiresAt ?? 0,
        createdBy: t.createdBy,
        createdAt: now,
        updatedAt: now,
      });
      indexToken(row);
      return { token: secret, view: tokenView(row) };
    },
    async revokeToken(tenant: string, id: string) {
      const t = tokens.get(`${tenant}\0${id}`);
      if (!t) return undefined;
      return tokenView(t.revoked ? t : await tokens.write({ ...t, revoked: true }));
    },
    /** a known token by secret, revoked or not (bootstrap: a revoked ARGUS_ADMIN_TOKEN stays revoked) */
    knownToken(secret: string): ApiToken | undefined {
      const ref = tokenByHash.get(hashSecret(secret));
      return ref ? tokens.get(ref) : undefined;
    },
  };
}

export type AccountStore = Awaited<ReturnType<typeof createAccountStore>>;

/** whether `actor` (a role) may give or take `role`: admins manage up to admin, owners everything */
export const mayAssign = (actor: Role | 'instance_admin', role: Role) => actor === 'instance_admin' || rank(actor) >= rank(role);
