import { randomBytes } from 'node:crypto';
import type { Storage } from '../../storage/storage.js';
import { tsvArray, tsvString } from '../../storage/tsv.js';
import { normalizeOrigin } from './origins.js';

export interface Website {
  id: string;
  tenant: string;
  name: string;
  siteKey: string;
  allowedOrigins: string[];
  createdAt: string;
}

interface Row {
  tenant: string;
  id: string;
  name: string;
  site_key: string;
  allowed_origins: string[];
  deleted: boolean | number;
  created_at: string;
}

const COLUMNS = ['tenant', 'id', 'name', 'site_key', 'allowed_origins', 'deleted'] as const;

/**
 * Websites live in ClickHouse (eum_websites) and are cached in memory, indexed by id and by site key (read on
 * every beacon). An unknown site key reloads the table at most every `reloadMs`, so a website created through
 * another collector becomes known without a restart. Websites of a tenant that is not active (deleted) are dropped
 * from memory when met (and not loaded), so their site keys stop working like unknown ones.
 */
export function createWebsiteStore(storage: Storage, reloadMs = 10_000, tenantActive: (tenant: string) => boolean = () => true) {
  let byKey = new Map<string, Website>();
  let lastLoad = 0;
  let loading: Promise<void> | undefined;

  async function load(): Promise<void> {
    const rows = await storage.query<Row>(
      `SELECT tenant, id, argMax(name, updated_at) AS name, argMax(site_key, updated_at) AS site_key,
              argMax(allowed_origins, updated_at) AS allowed_origins, argMax(deleted, updated_at) AS deleted,
              toString(min(created_at)) AS created_at
       FROM eum_websites GROUP BY tenant, id`,
    );
    const next = new Map<string, Website>();
    for (const r of rows) {
      if (r.deleted === true || Number(r.deleted) === 1 || !tenantActive(r.tenant)) continue;
      next.set(r.site_key, {
        id: r.id,
        tenant: r.tenant,
        name: r.name,
        siteKey: r.site_key,
        allowedOrigins: r.allowed_origins,
        createdAt: r.created_at,
      });
    }
    byKey = next;
    lastLoad = Date.now();
  }

  /** the website of a key while its tenant is active; a deleted tenant's websites leave memory */
  function live(key: string): Website | undefined {
    const w = byKey.get(key);
    if (!w || tenantActive(w.tenant)) return w;
    for (const [k, x] of byKey) if (x.tenant === w.tenant) byKey.delete(k);
    return undefined;
  }

  const reload = () => (loading ??= load().finally(() => (loading = undefined)));

  return {
    load: reload,
    list: (tenant: string) =>
      [...byKey.values()].filter((w) => w.tenant === tenant && tenantActive(tenant)).sort((a, b) => a.name.localeCompare(b.name)),
    get: (tenant: string, id: string) => [...byKey.values()].find((w) => w.tenant === tenant && w.id === id),
    /** the website of a site key; reloads (rate-limited) on a miss */
    async byKey(key: string): Promise<Website | undefined> {
      const w = live(key);
      if (w || Date.now() - lastLoad < reloadMs) return w;
      await reload();
      return live(key);
    },
    async create(tenant: string, name: string, origins: readonly string[]): Promise<Website> {
      const w: Website = {
        id: `w_${randomBytes(8).toString('hex')}`,
        tenant,
        name,
        siteKey: `sk_${randomBytes(16).toString('base64url')}`,
        allowedOrigins: [...new Set(origins.map(normalizeOrigin))],
        createdAt: new Date().toISOString().replace('T', ' ').replace('Z', ''),
      };
      const line = [tsvString(tenant), tsvString(w.id), tsvString(name), tsvString(w.siteKey), tsvArray(w.allowedOrigins), '0'].join('\t');
      await storage.insertTsv('eum_websites', COLUMNS, line + '\n');
      byKey.set(w.siteKey, w);
      return w;
    },
  };
}

export type WebsiteStore = ReturnType<typeof createWebsiteStore>;
