import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { CollectorConfig } from '../config.js';
import { ArgusError } from '../errors.js';
import type { Storage, StorageMode } from './storage.js';

const QUERY_SETTINGS = { output_format_json_quote_64bit_integers: 0 } as const;

/** chDB's zero-copy insert: the bytes go to the engine's parallel parser instead of being glued onto the SQL text. */
type RawInsert = (params: { table: string; columns: readonly string[]; values: Buffer; format: 'TabSeparated' }) => Promise<unknown>;

async function embeddedClient(dataDir: string): Promise<{ client: ClickHouseClient; rawInsert?: RawInsert }> {
  const path = resolve(dataDir, 'clickhouse');
  mkdirSync(path, { recursive: true });
  let mod: typeof import('chdb/connection');
  try {
    mod = await import('chdb/connection');
  } catch (e) {
    // chdb is an optional dependency (a ~566 MB library): server and cluster deployments install without it
    throw new ArgusError(
      'CLICKHOUSE_UNREACHABLE',
      `embedded ClickHouse (the optional chdb package) could not be loaded: ${(e as Error).message}; install it, or set ARGUS_CLICKHOUSE_URL to use a ClickHouse server`,
    );
  }
  const create = mod.createChdbConnection ?? (mod as unknown as { default: typeof mod }).default.createChdbConnection;
  const connection = create({ path });
  const client = createClient({ connection } as Parameters<typeof createClient>[0]);
  const ext = (connection as { chdb?: { rawInsert?: RawInsert } }).chdb;
  return { client, rawInsert: ext?.rawInsert?.bind(ext) };
}

/** Opens ClickHouse: embedded chDB under dataDir, or a server/cluster by URL. Fails clearly when unreachable. */
export async function createStorage(config: CollectorConfig): Promise<Storage> {
  let mode: StorageMode = 'embedded';
  let client: ClickHouseClient;
  let rawInsert: RawInsert | undefined;
  if (config.clickhouseUrl) {
    mode = config.clickhouseCluster ? 'cluster' : 'server';
    const bootstrap = createClient({ url: config.clickhouseUrl, request_timeout: 10_000 });
    const ping = await bootstrap.ping();
    if (!ping.success) {
      await bootstrap.close();
      throw new ArgusError('CLICKHOUSE_UNREACHABLE', `ClickHouse at ${redact(config.clickhouseUrl)} is unreachable: ${ping.error.message}`);
    }
    const onCluster = config.clickhouseCluster ? ` ON CLUSTER '${config.clickhouseCluster}'` : '';
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${config.clickhouseDatabase}${onCluster}` });
    await bootstrap.close();
    client = createClient({ url: config.clickhouseUrl, database: config.clickhouseDatabase, request_timeout: 60_000 });
  } else {
    ({ client, rawInsert } = await embeddedClient(config.dataDir));
    const ping = await client.ping();
    if (!ping.success) throw new ArgusError('CLICKHOUSE_UNREACHABLE', `embedded ClickHouse failed to start: ${ping.error.message}`);
  }
  return storageFor(client, mode, config.clickhouseCluster, rawInsert);
}

export function storageFor(client: ClickHouseClient, mode: StorageMode, cluster?: string, rawInsert?: RawInsert): Storage {
  // On a cluster, inserts go through Distributed tables: wait until every shard has the rows before the collector
  // acknowledges the request (otherwise they sit in a local queue that a node crash loses).
  const insertSettings = mode === 'cluster' ? ({ insert_distributed_sync: 1 } as const) : undefined;
  return {
    mode,
    client,
    cluster,
    async query<T>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
      const rs = await client.query({ query: sql, query_params: params, format: 'JSONEachRow', clickhouse_settings: QUERY_SETTINGS });
      return (await rs.json()) as T[];
    },
    async command(sql: string, params?: Record<string, unknown>): Promise<void> {
      await client.command({ query: sql, query_params: params });
    },
    async insertTsv(table: string, columns: readonly string[], body: string): Promise<void> {
      if (body.length === 0) return;
      if (rawInsert) {
        await rawInsert({ table, columns, values: Buffer.from(body), format: 'TabSeparated' });
        return;
      }
      await client.insert({
        table,
        columns: columns as [string, ...string[]],
        values: Readable.from([Buffer.from(body)], { objectMode: false }),
        format: 'TabSeparated',
        clickhouse_settings: insertSettings,
      });
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
