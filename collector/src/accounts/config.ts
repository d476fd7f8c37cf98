import { z } from 'zod';
import { configLoader } from '../config-loader.js';

const int = (name: string, def: number, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be >= ${min}`)
    .max(max, `${name} must be <= ${max}`)
    .default(def);

const flag = (name: string, def: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .default(def)
    .transform((v) => v === 'true' || v === '1');

const schema = z.object({
  /** login of the owner account created at first start */
  adminEmail: z.string().trim().toLowerCase().min(3).max(254).default('admin@argus.local'),
  /** its password (else a random one, printed once); only used when the account is created */
  adminPassword: z.string().min(12, 'ARGUS_ADMIN_PASSWORD must be at least 12 characters').max(256).optional(),
  /** a session ends this long after login, whatever happens */
  sessionMaxHours: int('ARGUS_SESSION_MAX_HOURS', 12, 1, 24 * 90),
  /** ... or after this long without a request */
  sessionIdleMinutes: z.coerce
    .number({ error: 'ARGUS_SESSION_IDLE_MINUTES must be a number' })
    .min(0.05, 'ARGUS_SESSION_IDLE_MINUTES must be >= 0.05')
    .max(60 * 24 * 30, 'ARGUS_SESSION_IDLE_MINUTES must be <= 43200')
    .default(30),
  /** `auto`: Secure cookies when the request came over TLS (or X-Forwarded-Proto: https from a trusted proxy) */
  cookieSecure: z.enum(['auto', 'true', 'false'], { error: 'ARGUS_COOKIE_SECURE must be auto, true or false' }).default('auto'),
  /** believe X-Forwarded-For / X-Forwarded-Proto (only behind your own reverse proxy) */
  trustProxy: flag('ARGUS_TRUST_PROXY', 'false'),
  /** how often accounts, keys and tokens changed by other collectors are read (unset: every second on a server or cluster,
   * never on embedded storage, which has one collector; 0 = never) */
  syncMs: z.coerce
    .number({ error: 'ARGUS_ACCOUNTS_SYNC_MS must be a number' })
    .int('ARGUS_ACCOUNTS_SYNC_MS must be a whole number')
    .min(0, 'ARGUS_ACCOUNTS_SYNC_MS must be >= 0')
    .max(60_000, 'ARGUS_ACCOUNTS_SYNC_MS must be <= 60000')
    .optional(),
  /** failed logins per account before each further attempt waits (doubling from 1 s up to 15 min) */
  loginFreeAttempts: int('ARGUS_LOGIN_FREE_ATTEMPTS', 5, 1, 1000),
  /** failed logins per client IP before the same backoff applies to the IP */
  loginFreeAttemptsPerIp: int('ARGUS_LOGIN_FREE_ATTEMPTS_PER_IP', 20, 1, 100_000),
  /** after a tenant is deleted, how long its keys have to stop everywhere before its rows are removed */
  purgeDelayMs: int('ARGUS_TENANT_PURGE_DELAY_MS', 10_000, 0, 3_600_000),
});

export type AccountsConfig = z.output<typeof schema>;
export type AccountsConfigInput = Partial<Record<keyof z.input<typeof schema>, unknown>>;

export const loadAccountsConfig = configLoader({
  what: 'accounts',
  schema,
  env: {
    adminEmail: 'ARGUS_ADMIN_EMAIL',
    adminPassword: 'ARGUS_ADMIN_PASSWORD',
    sessionMaxHours: 'ARGUS_SESSION_MAX_HOURS',
    sessionIdleMinutes: 'ARGUS_SESSION_IDLE_MINUTES',
    cookieSecure: 'ARGUS_COOKIE_SECURE',
    trustProxy: 'ARGUS_TRUST_PROXY',
    syncMs: 'ARGUS_ACCOUNTS_SYNC_MS',
    loginFreeAttempts: 'ARGUS_LOGIN_FREE_ATTEMPTS',
    loginFreeAttemptsPerIp: 'ARGUS_LOGIN_FREE_ATTEMPTS_PER_IP',
    purgeDelayMs: 'ARGUS_TENANT_PURGE_DELAY_MS',
  },
});
