import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { CollectorConfig } from '../config.js';
import { ArgusError } from '../errors.js';
import { openEmbedded, type EmbeddedEngine } from './embedded.js';
import { ident } from './sql-quote.js';
import {
  chunkBytes,
  type BinaryColumn,
  type InsertHealth,
  type InsertOptions,
  type RowChunk,
  type Storage,
  type StorageMode,
} from './storage.js';

const QUERY_SETTINGS = { output_format_json_quote_64bit_integers: 0 } as const;

/** Opens ClickHouse: embedded chDB under dataDir, or a server/cluster by URL. Fails clearly when unreachable. */
export async function createStorage(config: CollectorConfig): Promise<Storage> {
  if (!config.clickhouseUrl) {
    const engine = await openEmbedded(config.dataDir, {
      maxMemory: config.embeddedMaxMemory,
      log: config.embeddedLog ? { file: config.embeddedLog, level: config.embeddedLogLevel } : undefined,
    });
    const ping = await engine.client.ping();
    if (!ping.success) throw new ArgusError('CLICKHOUSE_UNREACHABLE', `embedded ClickHouse failed to start: ${ping.error.message}`);
    return storageFor(engine.client, 'embedded', { embedded: engine, minFreeBytes: config.storageMinFreeBytes });
  }
  const mode: StorageMode = config.clickhouseCluster ? 'cluster' : 'server';
  const bootstrap = createClient({ url: config.clickhouseUrl, request_timeout: 10_000 });
  const ping = await bootstrap.ping();
  if (!ping.success) {
    await bootstrap.close();
    throw new ArgusError('CLICKHOUSE_UNREACHABLE', `ClickHouse at ${redact(config.clickhouseUrl)} is unreachable: ${ping.error.message}`);
  }
  const onCluster = config.clickhouseCluster ? ` ON CLUSTER '${config.clickhouseCluster}'` : '';
  await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${config.clickhouseDatabase}${onCluster}` });
  await bootstrap.close();
  const client = createClient({ url: config.clickhouseUrl, database: config.clickhouseDatabase, request_timeout: 60_000 });
  return storageFor(client, mode, { cluster: config.clickhouseCluster, minFreeBytes: config.storageMinFreeBytes });
}

/** Deduplication tokens are the collector's own (log ids, table names): checked anyway, they end up in SQL. */
function insertSettings(mode: StorageMode, minFreeBytes: number, opts: InsertOptions | undefined): Record<string, string | number> {
  const s: Record<string, string | number> = {};
  // On a cluster, inserts go through Distributed tables: wait until every shard has the rows before the collector
  // counts them as stored (otherwise they sit in a local queue that a node crash loses).
  if (mode === 'cluster') s.insert_distributed_sync = 1;
  if (opts?.token !== undefined) {
    if (!/^[\w.:-]{1,200}$/.test(opts.token)) throw new ArgusError('INTERNAL', `invalid deduplication token ${opts.token}`);
    s.insert_deduplication_token = opts.token;
    // below this much free disk, ClickHouse refuses the insert before it writes anything (NOT_ENOUGH_SPACE, retried
    // like any storage error): an insert that runs out of space half-way (the table written, a view not) can leave
    // its token behind without its rows, and the retry is then skipped as a duplicate (bench/chaos/disk-full.ts)
    if (minFreeBytes > 0) s.min_free_disk_bytes_to_perform_insert = minFreeBytes;
    // the views fed by the table deduplicate the retried block too (the default since ClickHouse 24.x; said explicitly)
    s.deduplicate_blocks_in_dependent_materialized_views = 1;
  }
  return s;
}

export interface StorageOptions {
  cluster?: string;
  embedded?: EmbeddedEngine;
  /** free disk below which inserts are refused up front (ARGUS_STORAGE_MIN_FREE_BYTES); 0: no floor */
  minFreeBytes?: number;
}

export function storageFor(client: ClickHouseClient, mode: StorageMode, o: StorageOptions = {}): Storage {
  const { cluster, embedded } = o;
  const minFreeBytes = o.minFreeBytes ?? 0;
  // per table: one table refusing inserts (too many parts, detached) while the others succeed is still trouble
  const failures = new Map<string, number>();
  const health = { lastSuccessAt: null as number | null, lastFailureAt: null as number | null, lastError: null as string | null };
  const tracked = async (table: string, insert: () => Promise<void>) => {
    try {
      await insert();
      failures.delete(table);
      health.lastSuccessAt = Date.now();
    } catch (e) {
      failures.set(table, (failures.get(table) ?? 0) + 1);
      health.lastFailureAt = Date.now();
      health.lastError = `${table}: ${(e as Error).message.slice(0, 300)}`;
      throw e;
    }
  };
  const insertHealth = (): InsertHealth => ({
    ...health,
    consecutiveFailures: Math.max(0, ...failures.values()),
    failingTables: [...failures.keys()],
  });
  const read = <T>(fn: (c: ClickHouseClient) => Promise<T>): Promise<T> => (embedded ? embedded.read(fn) : fn(client));
  const storage: Storage = {
    mode,
    client,
    cluster,
    read,
    query: <T>(sql: string, params?: Record<string, unknown>): Promise<T[]> =>
      read(async (c) => {
        const rs = await c.query({ query: sql, query_params: params, format: 'JSONEachRow', clickhouse_settings: QUERY_SETTINGS });
        return rs.json<T>();
      }),
    async command(sql: string, params?: Record<string, unknown>): Promise<void> {
      await client.command({ query: sql, query_params: params });
    },
    insertHealth,
    insertTsv: (table, columns, body, opts) => tracked(table, () => insertTsv(table, columns, body, opts)),
    insertRowBinary: (table, columns, chunks, opts) => tracked(table, () => insertRowBinary(table, columns, chunks, opts)),
    rowsDir: embedded?.rowsDir,
    async close(): Promise<void> {
      if (embedded) await embedded.close();
      else await client.close();
    },
  };
  async function insertTsv(table: string, columns: readonly string[], body: string | Buffer, opts?: InsertOptions) {
    if (body.length === 0) return;
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const settings = insertSettings(mode, minFreeBytes, opts);
    if (embedded) return embedded.insertTsv(table, columns, bytes, settings);
    await client.insert({
      table,
      columns: columns as [string, ...string[]],
      values: Readable.from([bytes], { objectMode: false }),
      format: 'TabSeparated',
      clickhouse_settings: settings,
    });
  }
  async function insertRowBinary(table: string, columns: readonly BinaryColumn[], chunks: readonly RowChunk[], opts?: InsertOptions) {
    if (chunks.every((c) => chunkBytes(c) === 0)) return;
    const settings = insertSettings(mode, minFreeBytes, opts);
    if (embedded) return embedded.insertRowBinary(table, columns, chunks, settings);
    // rows in files (written for an embedded engine, e.g. by a test): read here, a server gets them as the body
    const buffers = await Promise.all(chunks.map((c) => (Buffer.isBuffer(c) ? Promise.resolve(c) : readFile(c.file))));
    // @clickhouse/client has no RowBinary insert: exec sends the rows as the request body of the INSERT statement
    const res = await client.exec({
      query: `INSERT INTO ${ident(table)} (${columns.map((c) => ident(c.name)).join(', ')}) FORMAT RowBinary`,
      values: Readable.from(buffers, { objectMode: false }),
      clickhouse_settings: settings,
    });
    res.stream.resume();
    await new Promise<void>((ok, fail) => res.stream.once('end', ok).once('error', fail));
  }
  return storage;
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
