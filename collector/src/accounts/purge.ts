import type { Logger } from 'pino';
import type { Storage } from '../storage/storage.js';
import { removeTenantData } from '../tenants/tenant-data.js';
import type { Accounts } from './open.js';

/**
 * Removes the data of deleted tenants: once a tenant has been deleted for `purgeDelayMs` (its keys and tokens
 * have stopped working on every collector and accepted rows have been flushed), every row with its tenant id is
 * deleted from every table that has a tenant column, and the tenant is marked purged. Runs as a singleton job;
 * a removal cut short is redone on the next run (deletes are idempotent).
 */
export async function purgeDeletedTenants(accounts: Accounts, storage: Storage, log: Logger, signal?: AbortSignal): Promise<string[]> {
  const due = accounts.tenants.all().filter((t) => t.deleted && !t.purged && Date.now() - t.updatedAt >= accounts.config.purgeDelayMs);
  const done: string[] = [];
  for (const t of due) {
    const started = Date.now();
    const tables = await removeTenantData(storage, t.id, signal);
    await accounts.tenants.markPurged(t.id);
    await accounts.store.audit.record({
      tenant: '',
      actor: { type: 'system', id: 'tenant-purge', name: 'tenant data removal' },
      action: 'tenant.data_removed',
      target: { type: 'tenant', id: t.id },
      details: { tables: tables.length, ms: Date.now() - started },
    });
    log.info({ tenant: t.id, tables: tables.length, ms: Date.now() - started }, 'deleted tenant: data removed');
    done.push(t.id);
  }
  return done;
}
