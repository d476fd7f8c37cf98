import type { ClickHouseClient } from '@clickhouse/client';

export type StorageMode = 'embedded' | 'server' | 'cluster';

/** How an insert is made idempotent. */
export interface InsertOptions {
  /**
   * `insert_deduplication_token`: an insert repeated with the same token (a retry after a failure, a write-ahead-log
   * replay after a crash) stores nothing twice, neither in the table nor in the materialized views it feeds (their
   * blocks are deduplicated too). Needs the table's deduplication window, which `migrate()` sets on every table
   * (storage/dedup.ts); Replicated tables deduplicate by default.
   */
  token?: string;
}

/** A column of a RowBinary insert: its name and its ClickHouse type (LowCardinality(String) may be given as String). */
export interface BinaryColumn {
  name: string;
  type: string;
}

/**
 * RowBinary rows a producer already wrote to a file in `Storage.rowsDir` (embedded storage): the insert reads the file
 * where it is, so the rows need not pass through the main thread's memory (issue 19).
 */
export interface RowsFile {
  file: string;
  bytes: number;
}

/** A piece of a RowBinary insert: rows in memory, or rows in a file. */
export type RowChunk = Buffer | RowsFile;

export const chunkBytes = (c: RowChunk): number => (Buffer.isBuffer(c) ? c.length : c.bytes);

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
  /** runs `fn` with a client for a read: embedded, the least busy of a few read connections; a server, its client */
  read<T>(fn: (client: ClickHouseClient) => Promise<T>): Promise<T>;
  /** run DDL or a statement without a result */
  command(sql: string, params?: Record<string, unknown>): Promise<void>;
  /**
   * Insert TabSeparated rows (each line ends with '\n', values escaped with tsv.ts) into `table` with the
   * given column list. Resolves once ClickHouse has the rows.
   */
  insertTsv(table: string, columns: readonly string[], body: string | Buffer, opts?: InsertOptions): Promise<void>;
  /**
   * Insert RowBinary rows (row-binary.ts; the chunks are the rows in order, in memory or in files under `rowsDir`)
   * into `table`. Resolves once ClickHouse has the rows. Binary rows cost ClickHouse less than text to parse, and the collector less to build.
   */
  insertRowBinary(table: string, columns: readonly BinaryColumn[], chunks: readonly RowChunk[], opts?: InsertOptions): Promise<void>;
  /**
   * Embedded storage: the directory where rows may be written as files (RowsFile) for insertRowBinary to read in
   * place; the caller removes them once inserted. Absent for a server, whose inserts travel as request bodies.
   */
  rowsDir?: string;
  /** how inserts have gone lately (GET /health reports it): failures in a row, the last error, the last success */
  insertHealth(): InsertHealth;
  close(): Promise<void>;
}

export interface InsertHealth {
  /** the most inserts failed in a row, over the tables, since each one's last success */
  consecutiveFailures: number;
  /** the tables whose last insert failed */
  failingTables: string[];
  /** ms epoch, null before the first */
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastError: string | null;
}
