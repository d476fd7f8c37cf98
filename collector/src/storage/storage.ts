import type { ClickHouseClient } from '@clickhouse/client';

export type StorageMode = 'embedded' | 'server' | 'cluster';

/**
 * The one way to ClickHouse. `client` is a plain @clickhouse/client (embedded chDB via chdb/connection, or
 * HTTP to a server/cluster). Reads always use the logical table name (a Distributed table in cluster mode).
 */
export interface Storage {
  mode: StorageMode;
  client: ClickHouseClient;
  /** cluster name when mode === 'cluster' */
  cluster?: string;
  /** run a parameterized SELECT and return rows as objects (JSONEachRow); use {name:Type} placeholders */
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  /** run DDL or a statement without a result */
  command(sql: string, params?: Record<string, unknown>): Promise<void>;
  /**
   * Insert TabSeparated rows (each line ends with '\n', values escaped with tsv.ts) into `table` with the
   * given column list. Resolves once ClickHouse has the rows.
   */
  insertTsv(table: string, columns: readonly string[], body: string): Promise<void>;
  close(): Promise<void>;
}
