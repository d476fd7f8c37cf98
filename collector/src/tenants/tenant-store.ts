import type { MiddlewareHandler } from 'hono';
import { ArgusError } from '../errors.js';
import type { AppEnv } from '../module.js';
import type { Storage } from '../storage/storage.js';
import { tsvString } from '../storage/tsv.js';
import { displayPrefix, dt, hashSecret, newId, newSecret } from './secrets.js';
import { bool, num, str, syncedTable } from './synced-table.js';

export const DEFAULT_TENANT = 'default';

export interface Tenant {
  id: string;
  name: string;
  deleted: boolean;
  /** the tenant's data has been removed from every table (after `deleted`) */
  purged: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface IngestKey {
  tenant: string;
  id: string;
  name: string;
  /** first characters of the key, for lists */
  prefix: string;
  keyHash: string;
  revoked: boolean;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** an ingest key as the API lists it (no secret, no hash) */
export interface IngestKeyView {
  id: string;
  name: string;
  prefix: string;
  revoked: boolean;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface TenantStore {
  /** tenant of an active ingest key (its tenant not deleted), or undefined */
  resolve(key: string): string | undefined;
  /** an active (not deleted) tenant */
  get(id: string): Tenant | undefined;
  /** every tenant row, deleted ones included (for the data-removal job) */
  all(): Tenant[];
  list(): Tenant[];
  isActive(id: string): boolean;
  create(t: { id?: string; name: string }): Promise<Tenant>;
  rename(id: string, name: string): Promise<Tenant>;
  /** marks a tenant deleted: its keys stop working at once here and within one sync interval elsewhere */
  markDeleted(id: string): Promise<void>;
  markPurged(id: string): Promise<void>;
  listKeys(tenant: string): IngestKeyView[];
  /** a new key for the tenant; the secret is returned once and only its hash is stored */
  createKey(tenant: string, name: string, createdBy?: string): Promise<{ id: string; key: string; view: IngestKeyView }>;
  /**
   * registers a key chosen elsewhere (ARGUS_INGEST_KEY) once: 'created', 'exists' when already known, 'revoked' when
   * it was revoked since (a revoked preset is never brought back by a restart)
   */
  registerKey(tenant: string, key: string, name: string): Promise<'created' | 'exists' | 'revoked'>;
  revokeKey(tenant: string, id: string): Promise<IngestKeyView | undefined>;
  /** Hono middleware: 401 unless `Authorization: Bearer <key>` or `x-argus-key` names an active key; sets `tenant` */
  ingestAuth: MiddlewareHandler<AppEnv>;
  /** reads changes made by other collectors sharing the storage */
  sync(): Promise<void>;
}

export function newKey(): string {
  return newSecret('ak_');
}

export function keyFromHeaders(get: (name: string) => string | undefined): string | undefined {
  const auth = get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  return get('x-argus-key')?.trim() || undefined;
}

const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const validTenantId = (id: string) => TENANT_ID.test(id);

const keyView = (k: IngestKey): IngestKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  revoked: k.revoked,
  createdBy: k.createdBy,
  createdAt: new Date(k.createdAt).toISOString(),
  revokedAt: k.revoked ? new Date(k.updatedAt).toISOString() : null,
});

/**
 * Tenants and their ingest keys, mirrored in memory (they are few and read on every ingest request) and kept in
 * step with other collectors on the same storage by `sync()`. Keys are stored as SHA-256 hashes only.
 */
export async function createTenantStore(storage: Storage): Promise<TenantStore> {
  const tenants = syncedTable<Tenant>(storage, {
    table: 'account_tenants',
    select: 'id, name, deleted, purged, toUnixTimestamp64Milli(created_at) AS createdAt, toUnixTimestamp64Milli(updated_at) AS updatedAt',
    columns: ['id', 'name', 'deleted', 'purged', 'created_at', 'updated_at'],
    toTsv: (t) => [tsvString(t.id), tsvString(t.name), String(t.deleted), String(t.purged), dt(t.createdAt), dt(t.updatedAt)].join('\t'),
    fromRow: (r) => ({
      id: str(r.id),
      name: str(r.name),
      deleted: bool(r.deleted),
      purged: bool(r.purged),
      createdAt: num(r.createdAt),
      updatedAt: num(r.updatedAt),
    }),
    key: (t) => t.id,
  });
  const keys = syncedTable<IngestKey>(storage, {
    table: 'account_ingest_keys',
    select: `tenant, id, name, prefix, key_hash AS keyHash, revoked, created_by AS createdBy,
      toUnixTimestamp64Milli(created_at) AS createdAt, toUnixTimestamp64Milli(updated_at) AS updatedAt`,
    columns: ['tenant', 'id', 'name', 'prefix', 'key_hash', 'revoked', 'created_by', 'created_at', 'updated_at'],
    toTsv: (k) =>
      [k.tenant, k.id, k.name, k.prefix, k.keyHash, String(k.revoked), k.createdBy, dt(k.createdAt), dt(k.updatedAt)]
        .map((v, i) => (i >= 7 ? v : tsvString(v)))
        .join('\t'),
    fromRow: (r) => ({
      tenant: str(r.tenant),
      id: str(r.id),
      name: str(r.name),
      prefix: str(r.prefix),
      keyHash: str(r.keyHash),
      revoked: bool(r.revoked),
      createdBy: str(r.createdBy),
      createdAt: num(r.createdAt),
      updatedAt: num(r.updatedAt),
    }),
    key: (k) => `${k.tenant}\0${k.id}`,
  });
  /** key hash -> the key's row key (tenant\0id); a hash never changes for a key id */
  const byHash = new Map<string, string>();
  const index = (k: IngestKey) => byHash.set(k.keyHash, `${k.tenant}\0${k.id}`);

  async function sync() {
    const [, changed] = await Promise.all([tenants.sync(), keys.sync()]);
    for (const k of changed) index(k);
  }
  await sync();

  const active = (id: string) => {
    const t = tenants.get(id);
    return t && !t.deleted ? t : undefined;
  };
  const nameTaken = (name: string, except?: string) =>
    [...tenants.values()].some((t) => !t.deleted && t.id !== except && t.name.toLowerCase() === name.toLowerCase());

  function resolve(key: string): string | undefined {
    const ref = byHash.get(hashSecret(key));
    const k = ref ? keys.get(ref) : undefined;
    return k && !k.revoked && active(k.tenant) ? k.tenant : undefined;
  }

  async function writeKey(tenant: string, key: string, name: string, createdBy: string, id = newId('k_')) {
    const now = Date.now();
    const row = await keys.write({
      tenant,
      id,
      name,
      prefix: displayPrefix(key),
      keyHash: hashSecret(key),
      revoked: false,
      createdBy,
      createdAt: now,
      updatedAt: now,
    });
    index(row);
    return row;
  }

  const ingestAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
    const key = keyFromHeaders((n) => c.req.header(n));
    const tenant = key ? resolve(key) : undefined;
    if (!tenant) {
      return c.json(
        {
          code: key ? 'INGEST_KEY_UNKNOWN' : 'INGEST_KEY_MISSING',
          message: key ? 'unknown or revoked ingest key' : 'missing ingest key: send Authorization: Bearer <key> or x-argus-key',
        },
        401,
      );
    }
    c.set('tenant', tenant);
    await next();
  };

  return {
    resolve,
    get: active,
    all: () => [...tenants.values()],
    list: () => [...tenants.values()].filter((t) => !t.deleted).sort((a, b) => a.createdAt - b.createdAt),
    isActive: (id) => active(id) !== undefined,
    async create({ id, name }) {
      const tenantId = id ?? newId('t_');
      if (!validTenantId(tenantId)) throw new ArgusError('INVALID_TENANT', 'tenant id: 1-63 characters of a-z, 0-9, _ and -', 400);
      if (tenants.get(tenantId)) throw new ArgusError('TENANT_EXISTS', `tenant id ${tenantId} is taken`, 409);
      if (nameTaken(name)) throw new ArgusError('TENANT_EXISTS', `a tenant named ${name} exists`, 409);
      const now = Date.now();
      return tenants.write({ id: tenantId, name, deleted: false, purged: false, createdAt: now, updatedAt: now });
    },
    async rename(id, name) {
      const t = active(id);
      if (!t) throw new ArgusError('TENANT_NOT_FOUND', 'tenant not found', 404);
      if (nameTaken(name, id)) throw new ArgusError('TENANT_EXISTS', `a tenant named ${name} exists`, 409);
      return tenants.write({ ...t, name });
    },
    async markDeleted(id) {
      const t = active(id);
      if (!t) throw new ArgusError('TENANT_NOT_FOUND', 'tenant not found', 404);
      await tenants.write({ ...t, deleted: true });
    },
    async markPurged(id) {
      const t = tenants.get(id);
      if (t) await tenants.write({ ...t, purged: true });
    },
    listKeys: (tenant) =>
      [...keys.values()]
        .filter((k) => k.tenant === tenant)
        .sort((a, b) => a.createdAt - b.createdAt)
        .map(keyView),
    async createKey(tenant, name, createdBy = '') {
      if (!active(tenant)) throw new ArgusError('TENANT_NOT_FOUND', 'tenant not found', 404);
      const key = newKey();
      const row = await writeKey(tenant, key, name, createdBy);
      return { id: row.id, key, view: keyView(row) };
    },
    async registerKey(tenant, key, name) {
      const ref = byHash.get(hashSecret(key));
      const known = ref ? keys.get(ref) : undefined;
      if (known) return known.revoked ? 'revoked' : 'exists';
      await writeKey(tenant, key, name, 'ARGUS_INGEST_KEY', `k_preset_${hashSecret(key).slice(0, 12)}`);
      return 'created';
    },
    async revokeKey(tenant, id) {
      const k = keys.get(`${tenant}\0${id}`);
      if (!k) return undefined;
      if (k.revoked) return keyView(k);
      return keyView(await keys.write({ ...k, revoked: true }));
    },
    ingestAuth,
    sync,
  };
}
