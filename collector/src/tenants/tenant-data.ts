import type { Storage } from '../storage/storage.js';

/**
 * Every table holding tenant data: the MergeTree-family tables of this database with a `tenant` column, read from
 * system.columns so a table added by any later migration is covered without being listed anywhere. On a cluster
 * these are the `*_local` tables (the Distributed tables in front hold no rows).
 */
export async function tenantTables(storage: Storage): Promise<string[]> {
  const rows = await storage.query<{ table: string }>(
    `SELECT c.table AS table FROM system.columns AS c
     INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
     WHERE c.database = currentDatabase() AND c.name = 'tenant' AND t.engine LIKE '%MergeTree'
     ORDER BY c.table`,
  );
  return rows.map((r) => r.table);
}

/**
 * Removes every row of a tenant from every table with a tenant column (a synchronous mutation per table, on
 * every replica). Returns the tables touched. Idempotent, so a removal cut short is simply run again.
 */
export async function removeTenantData(storage: Storage, tenant: string, signal?: AbortSignal): Promise<string[]> {
  const tables = await tenantTables(storage);
  const onCluster = storage.mode === 'cluster' && storage.cluster ? ` ON CLUSTER '${storage.cluster}'` : '';
  // a few mutations at a time: each rewrites only the parts holding the tenant's rows
  let next = 0;
  const worker = async () => {
    while (next < tables.length) {
      if (signal?.aborted) throw new Error('tenant data removal aborted');
      const table = tables[next++];
      const [has] = await storage.query(`SELECT 1 FROM \`${table}\` WHERE tenant = {tenant:String} LIMIT 1`, { tenant });
      if (!has) continue;
      await storage.command(`ALTER TABLE \`${table}\`${onCluster} DELETE WHERE tenant = {tenant:String} SETTINGS mutations_sync = 2`, {
        tenant,
      });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return tables;
}
