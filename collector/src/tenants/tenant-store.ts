import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../module.js';
import type { Storage } from '../storage/storage.js';
import { tsvString } from '../storage/tsv.js';

export const DEFAULT_TENANT = 'default';

export interface TenantStore {
  /** tenant of an ingest key, or undefined */
  resolve(key: string): string | undefined;
  /** the default tenant's first key (created on first start, or preset by ARGUS_INGEST_KEY) */
  defaultKey: string;
  /** whether the default key was created during this start */
  created: boolean;
  /** creates a new key for a tenant (creating the tenant when needed) */
  createKey(tenant: string, name: string): Promise<string>;
  /** Hono middleware: 401 unless `Authorization: Bearer <key>` or `x-argus-key` names a known key; sets `tenant` */
  ingestAuth: MiddlewareHandler<AppEnv>;
}

export function newKey(): string {
  return `ak_${randomBytes(18).toString('base64url')}`;
}

export function keyFromHeaders(get: (name: string) => string | undefined): string | undefined {
  const auth = get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  return get('x-argus-key')?.trim() || undefined;
}

/** Loads tenants and keys into memory (they are few and read on every request) and ensures the default key. */
export async function createTenantStore(storage: Storage, presetKey?: string): Promise<TenantStore> {
  const keys = new Map<string, string>();
  const rows = await storage.query<{ tenant: string; key: string; revoked: boolean }>(
    'SELECT tenant, key, argMax(revoked, created_at) AS revoked FROM ingest_keys GROUP BY tenant, key',
  );
  for (const r of rows) if (!r.revoked) keys.set(r.key, r.tenant);

  async function createKey(tenant: string, name: string, key = newKey()): Promise<string> {
    await storage.insertTsv('tenants', ['tenant', 'name'], `${tsvString(tenant)}\t${tsvString(tenant)}\n`);
    await storage.insertTsv('ingest_keys', ['tenant', 'key', 'name'], `${tsvString(tenant)}\t${tsvString(key)}\t${tsvString(name)}\n`);
    keys.set(key, tenant);
    return key;
  }

  let created = false;
  let defaultKey = presetKey;
  if (presetKey && keys.get(presetKey) !== DEFAULT_TENANT) {
    await createKey(DEFAULT_TENANT, 'preset (ARGUS_INGEST_KEY)', presetKey);
  }
  if (!defaultKey) {
    const existing = rows.find((r) => r.tenant === DEFAULT_TENANT && !r.revoked);
    defaultKey = existing?.key ?? (await createKey(DEFAULT_TENANT, 'default'));
    created = !existing;
  }

  const ingestAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
    const key = keyFromHeaders((n) => c.req.header(n));
    const tenant = key ? keys.get(key) : undefined;
    if (!tenant) {
      return c.json(
        {
          code: key ? 'INGEST_KEY_UNKNOWN' : 'INGEST_KEY_MISSING',
          message: key ? 'unknown ingest key' : 'missing ingest key: send Authorization: Bearer <key> or x-argus-key',
        },
        401,
      );
    }
    c.set('tenant', tenant);
    await next();
  };

  return { resolve: (k) => keys.get(k), defaultKey: defaultKey, created, createKey: (t, n) => createKey(t, n), ingestAuth };
}
