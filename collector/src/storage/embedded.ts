import { mkdirSync, rmSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { ArgusError } from '../errors.js';
import { ident, literal } from './sql-quote.js';
import type { BinaryColumn, RowChunk, RowsFile } from './storage.js';
import { writeAll } from './write-all.js';

type Settings = Record<string, string | number>;

/** The parts of a chdb/connection connection used here: its raw escape hatches. */
interface ChdbConnection {
  chdb: {
    rawInsert(params: {
      table: string;
      columns: readonly string[];
      values: Buffer;
      format: 'TabSeparated';
      settings?: Settings;
    }): Promise<unknown>;
    queryAsync(sql: string, opts: { format: string }): Promise<unknown>;
  };
  close(): Promise<void>;
}

/** Embedded ClickHouse (chDB): a few connections for reads (the first also runs DDL), a small pool for inserts. */
export interface EmbeddedEngine {
  client: ClickHouseClient;
  /** runs `fn` on the read connection with the fewest queries in flight */
  read<T>(fn: (client: ClickHouseClient) => Promise<T>): Promise<T>;
  insertTsv(table: string, columns: readonly string[], body: Buffer, settings: Settings): Promise<void>;
  insertRowBinary(table: string, columns: readonly BinaryColumn[], chunks: readonly RowChunk[], settings: Settings): Promise<void>;
  /** where rows may be written as files for insertRowBinary (the insert scratch directory, emptied at start) */
  rowsDir: string;
  close(): Promise<void>;
}

const INSERT_CONNECTIONS = 2;
/**
 * A chDB connection runs one query at a time: a 10 ms API query behind a 1 s background rollup waited the whole
 * second. With several read connections a short query runs beside a long one (the cores are shared, not queued).
 */
const READ_CONNECTIONS = 3;

const settingsClause = (s: Settings) => {
  const entries = Object.entries(s);
  return entries.length ? ` SETTINGS ${entries.map(([k, v]) => `${k} = ${literal(v)}`).join(', ')}` : '';
};

const MiB = 1024 * 1024;

/**
 * The engine's memory settings, given as server arguments when the first connection opens the data directory (they
 * cannot be changed by SET later). ClickHouse's defaults suit a database server that owns the machine: 90% of its
 * memory, 5 GiB mark and primary-index caches, half the machine for merges. Embedded in the collector, a limit and
 * caches in proportion to it keep the engine's share of the process bounded; a query or insert beyond the limit
 * fails with MEMORY_LIMIT_EXCEEDED (an insert is retried) rather than the host swapping. 0: ClickHouse's defaults.
 */
export function engineArgs(maxMemory: number): string[] {
  if (maxMemory <= 0) return [];
  const part = (d: number) => Math.max(8 * MiB, Math.floor(maxMemory / d));
  return [
    `--max_server_memory_usage=${maxMemory}`,
    `--merges_mutations_memory_usage_soft_limit=${Math.floor(maxMemory / 2)}`,
    `--mark_cache_size=${part(8)}`,
    `--primary_index_cache_size=${part(16)}`,
    `--index_mark_cache_size=${part(16)}`,
    `--query_condition_cache_size=${part(64)}`,
    // machine code of JIT-compiled expressions, aggregate functions and sort descriptions (128 MiB by default)
    `--compiled_expression_cache_size=${part(16)}`,
    '--uncompressed_cache_size=0',
  ];
}

export interface EmbeddedOptions {
  /** ARGUS_EMBEDDED_MAX_MEMORY: bytes the engine may track (0: its defaults) */
  maxMemory: number;
  /** ARGUS_EMBEDDED_LOG / _LEVEL: the engine's own log (ClickHouse's text log: merges, parts, errors) */
  log?: { file: string; level: string };
}

/**
 * Opens chDB under `<dataDir>/clickhouse`. Inserts run on their own connections (same data directory; chDB runs
 * connections in parallel), so a large insert never delays a query. TabSeparated goes through chDB's zero-copy raw
 * insert; RowBinary cannot (chDB passes raw data inline after the SQL text, and an inline payload ends at the first
 * empty line, which binary rows contain by chance), so binary rows are written to a scratch file that the insert
 * reads with the file() table function: a page-cache copy, far cheaper than parsing text.
 */
export async function openEmbedded(dataDir: string, opts: EmbeddedOptions): Promise<EmbeddedEngine> {
  const path = resolve(dataDir, 'clickhouse');
  const scratch = resolve(dataDir, 'clickhouse-inserts');
  mkdirSync(path, { recursive: true });
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  let mod: typeof import('chdb/connection');
  let root: typeof import('chdb');
  try {
    mod = await import('chdb/connection');
    root = await import('chdb');
  } catch (e) {
    // chdb is an optional dependency (a ~566 MB library): server and cluster deployments install without it
    throw new ArgusError(
      'CLICKHOUSE_UNREACHABLE',
      `embedded ClickHouse (the optional chdb package) could not be loaded: ${(e as Error).message}; install it, or set ARGUS_CLICKHOUSE_URL to use a ClickHouse server`,
    );
  }
  const create = mod.createChdbConnection ?? (mod as unknown as { default: typeof mod }).default.createChdbConnection;
  const Session = root.Session ?? (root as unknown as { default: typeof root }).default.Session;
  // the first connection starts the process's engine with its server arguments; the connections below share it
  const args = engineArgs(opts.maxMemory);
  if (opts.log) args.push(`--logger.log=${resolve(opts.log.file)}`, `--logger.level=${opts.log.level}`);
  const anchor = args.length ? new Session(path, { connectionArgs: args }) : undefined;
  const main = create({ path });
  const client = createClient({ connection: main } as Parameters<typeof createClient>[0]);
  const readers = [
    { client, busy: 0 },
    ...Array.from({ length: READ_CONNECTIONS - 1 }, () => ({
      client: createClient({ connection: create({ path }) } as Parameters<typeof createClient>[0]),
      busy: 0,
    })),
  ];
  const pool: ChdbConnection[] = Array.from({ length: INSERT_CONNECTIONS }, () => create({ path }) as unknown as ChdbConnection);
  const idle = [...pool];
  const waiting: Array<(c: ChdbConnection) => void> = [];
  let ownFiles = 0;

  async function withConnection<T>(fn: (c: ChdbConnection) => Promise<T>): Promise<T> {
    const c = idle.pop() ?? (await new Promise<ChdbConnection>((r) => waiting.push(r)));
    try {
      return await fn(c);
    } finally {
      const next = waiting.shift();
      if (next) next(c);
      else idle.push(c);
    }
  }

  return {
    client,
    async read(fn) {
      let r = readers[0];
      for (const x of readers) if (x.busy < r.busy) r = x;
      r.busy++;
      try {
        return await fn(r.client);
      } finally {
        r.busy--;
      }
    },
    insertTsv: (table, columns, body, settings) =>
      withConnection(async (c) => {
        await c.chdb.rawInsert({ table, columns, values: body, format: 'TabSeparated', settings });
      }),
    rowsDir: scratch,
    async insertRowBinary(table, columns, chunks, settings) {
      // rows already in files (written by the decode threads) are read where they are; rows in memory go to a file
      const buffers = chunks.filter((c): c is Buffer => Buffer.isBuffer(c));
      const files = chunks.filter((c): c is RowsFile => !Buffer.isBuffer(c)).map((c) => c.file);
      let own: string | undefined;
      if (buffers.length > 0) {
        own = join(scratch, `${process.pid}-${++ownFiles}.bin`);
        const fh = await open(own, 'w');
        try {
          // all of it or the disk's error (retried as a storage error): a file cut short would be read as rows cut
          // short, which ClickHouse refuses as bad data, or stores without the rest when the cut falls between rows
          await writeAll(fh, buffers);
        } finally {
          await fh.close();
        }
        files.push(own);
      }
      const names = columns.map((c) => ident(c.name)).join(', ');
      const structure = columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ');
      const sql = `INSERT INTO ${ident(table)} (${names})${settingsClause(settings)} SELECT * FROM file(${literal(filesPath(scratch, files))}, 'RowBinary', ${literal(structure)})`;
      try {
        await withConnection((c) => c.chdb.queryAsync(sql, { format: 'TabSeparated' }));
      } finally {
        if (own) await unlink(own).catch(() => undefined);
      }
    },
    async close() {
      for (const c of pool) await c.close();
      for (const r of readers) await r.client.close();
      anchor?.close();
    },
  };
}

/**
 * The file() path of an insert's files, all in the scratch directory: one file as it is, several as a `{a,b}`
 * alternation (their names are made here and by the decode threads: no commas, braces or glob characters).
 */
export function filesPath(dir: string, files: readonly string[]): string {
  for (const f of files) {
    if (dirname(f) !== dir || /[,{}*?[\]]/.test(basename(f)))
      throw new ArgusError('INTERNAL', `rows file ${f} is not a plain file name in the insert scratch directory ${dir}`);
  }
  if (files.length === 1) return files[0];
  return join(dir, `{${files.map((f) => basename(f)).join(',')}}`);
}
