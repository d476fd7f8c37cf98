import type { Context } from 'hono';
import type { Logger } from 'pino';
import { ArgusError } from '../errors.js';
import { hashSecret, newSecret } from '../tenants/secrets.js';
import { DEFAULT_TENANT } from '../tenants/tenant-store.js';
import type { AccountStore, Session, User } from './account-store.js';
import type { AccountsConfig } from './config.js';
import { createLoginLimiter } from './login-limiter.js';
import { verifyPassword } from './passwords.js';
import { clearSessionCookie, clientIp, csrfTokenFor, overTls, readSessionCookie, writeSessionCookie } from './request-info.js';
import type { Role } from './roles.js';

/** a session's last request is written back at most this often (the idle timeout is checked against it) */
const TOUCH_MS = 60_000;

export interface SessionUser {
  session: Session;
  user: User;
  csrf: string;
}

/** Login, logout and the session cookie: the UI's way in (API clients use tokens). */
export function createSessionService(store: AccountStore, cfg: AccountsConfig, log: Logger) {
  const limiter = createLoginLimiter({ freePerAccount: cfg.loginFreeAttempts, freePerIp: cfg.loginFreeAttemptsPerIp });
  const maxMs = cfg.sessionMaxHours * 3_600_000;
  const idleMs = cfg.sessionIdleMinutes * 60_000;
  /** last request per session seen by this collector (written back every TOUCH_MS) */
  const seen = new Map<string, number>();

  /** the tenant a user lands in: the one asked for, else `default`, else their first; instance admins anywhere */
  function pickTenant(user: User, wanted?: string): string {
    const mine = store.membershipsOf(user.id).sort((a, b) => a.createdAt - b.createdAt);
    const canUse = (t: string) => (user.instanceAdmin ? store.tenants.isActive(t) : mine.some((m) => m.tenant === t));
    if (wanted && canUse(wanted)) return wanted;
    if (canUse(DEFAULT_TENANT)) return DEFAULT_TENANT;
    return mine[0]?.tenant ?? '';
  }

  function authenticate(c: Context): SessionUser | undefined {
    const cookie = readSessionCookie(c);
    if (!cookie) return undefined;
    const s = store.sessions.get(hashSecret(cookie));
    const now = Date.now();
    if (!s || s.revoked || now >= s.expiresAt) return undefined;
    const last = Math.max(s.lastSeen, seen.get(s.id) ?? 0);
    if (now - last > idleMs) return undefined;
    const user = store.user(s.userId);
    if (!user || user.disabled) return undefined;
    seen.set(s.id, now);
    if (now - s.lastSeen > TOUCH_MS) {
      store.sessions.write({ ...s, lastSeen: now }).catch((err: unknown) => log.warn({ err }, 'could not record session activity'));
    }
    return { session: s, user, csrf: csrfTokenFor(cookie) };
  }

  return {
    authenticate,
    async login(c: Context, body: { email: string; password: string; tenant?: string }) {
      const email = body.email.trim().toLowerCase();
      const ip = clientIp(c, cfg.trustProxy);
      const wait = limiter.wait(email, ip);
      if (wait > 0) {
        const s = Math.ceil(wait / 1000);
        throw new ArgusError('LOGIN_RATE_LIMITED', `too many failed logins: retry after ${s} s`, 429, s);
      }
      const candidate = store.userByEmail(email);
      const user = candidate && !candidate.disabled && candidate.passwordHash ? candidate : undefined;
      const ok = await verifyPassword(user?.passwordHash, body.password);
      if (!ok || !user) {
        limiter.failed(email, ip);
        log.warn({ ip }, 'failed login');
        throw new ArgusError('LOGIN_FAILED', 'wrong e-mail or password', 401);
      }
      limiter.succeeded(email);
      // a session id presented at login is never kept (no fixation): it is revoked and a new one issued
      const old = readSessionCookie(c);
      const oldSession = old ? store.sessions.get(hashSecret(old)) : undefined;
      if (oldSession && !oldSession.revoked) await store.sessions.write({ ...oldSession, revoked: true });
      const token = newSecret('', 32);
      const now = Date.now();
      const session = await store.sessions.write({
        id: hashSecret(token),
        userId: user.id,
        currentTenant: pickTenant(user, body.tenant),
        revoked: false,
        ip,
        userAgent: (c.req.header('user-agent') ?? '').slice(0, 300),
        createdAt: now,
        expiresAt: now + maxMs,
        lastSeen: now,
        updatedAt: now,
      });
      writeSessionCookie(c, token, Math.floor(maxMs / 1000), overTls(c, cfg));
      log.info({ user: user.id, ip }, 'login');
      return { session, user, csrf: csrfTokenFor(token) };
    },
    async logout(c: Context) {
      const cookie = readSessionCookie(c);
      const s = cookie ? store.sessions.get(hashSecret(cookie)) : undefined;
      if (s && !s.revoked) await store.sessions.write({ ...s, revoked: true });
      clearSessionCookie(c);
    },
    async switchTenant(session: Session, user: User, tenant: string): Promise<Role> {
      const role = user.instanceAdmin ? (store.tenants.isActive(tenant) ? 'owner' : undefined) : store.roleIn(user.id, tenant);
      if (!role) throw new ArgusError('TENANT_NOT_FOUND', 'tenant not found', 404);
      await store.sessions.write({ ...session, currentTenant: tenant });
      return role;
    },
    /** a user's live sessions, newest first (ids shortened: the full id is the cookie's hash) */
    list(userId: string, currentId: string) {
      const now = Date.now();
      return [...store.sessions.values()]
        .filter((s) => s.userId === userId && !s.revoked && s.expiresAt > now)
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((s) => ({
          id: s.id.slice(0, 16),
          current: s.id === currentId,
          createdAt: new Date(s.createdAt).toISOString(),
          lastSeen: new Date(Math.max(s.lastSeen, seen.get(s.id) ?? 0)).toISOString(),
          expiresAt: new Date(s.expiresAt).toISOString(),
          ip: s.ip,
          userAgent: s.userAgent,
        }));
    },
    async revoke(userId: string, shortId: string): Promise<boolean> {
      const s = [...store.sessions.values()].find(
        (x) => x.userId === userId && !x.revoked && x.id.startsWith(shortId) && shortId.length === 16,
      );
      if (!s) return false;
      await store.sessions.write({ ...s, revoked: true });
      return true;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
