/**
 * Inserting one batch of rows (an ingest batch, a batch writer's batch): every table's rows in one insert each, under a deduplication token made of the batch
 * and the table, so a retry (after a timeout, a crash, a full disk) never stores a row twice, in the table or in the
 * views it feeds. Errors ClickHouse raises about the data itself are isolated: the batch is split by request until
 * the request(s) it refuses are found (each half under its own token); the rest is stored, and the culprits are
 * reported to the caller. Other errors (storage away, disk full, memory) are retried with backoff.
 */
import type { Logger } from 'pino';
import type { Telemetry } from '../telemetry.js';
import type { BinaryColumn, RowChunk, Storage } from './storage.js';

/** Rows for one table: RowBinary (columns with types; in memory or in a file, storage.ts RowsFile) or TabSeparated (column names). */
export type TableRows =
  | { table: string; format: 'RowBinary'; columns: readonly BinaryColumn[]; data: RowChunk; rows: number }
  | { table: string; format: 'TabSeparated'; columns: readonly string[]; data: Buffer; rows: number };

/** One request's rows in a table, tagged with its position in the batch. */
export interface EntryRows {
  index: number;
  rows: TableRows;
}

/** A table's part of a batch: per request (isolatable), or derived from all of them (one unit). */
export interface TableInsert {
  table: string;
  parts: EntryRows[];
}

export interface InsertContext {
  storage: Storage;
  log: Logger;
  telemetry: Telemetry;
  /** attempts on an error that is not about the data before giving up (Infinity: until `stopping()`) */
  attempts: number;
  stopping(): boolean;
}

/** ClickHouse error codes that are about the rows themselves: retrying the same rows fails the same way. */
const DATA_ERRORS = new Set([6, 25, 26, 27, 32, 33, 38, 41, 43, 53, 69, 70, 72, 117, 131, 190, 321, 395, 407, 469]);

export function isDataError(e: unknown): boolean {
  const code = (e as { clickhouseCode?: number }).clickhouseCode ?? Number(/Code: (\d+)\./.exec((e as Error).message)?.[1] ?? NaN);
  return DATA_ERRORS.has(code);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function insertRows(ctx: InsertContext, table: string, parts: readonly EntryRows[], token: string): Promise<void> {
  const first = parts[0].rows;
  const rows = parts.reduce((a, p) => a + p.rows.rows, 0);
  const t0 = performance.now();
  if (first.format === 'RowBinary') {
    await ctx.storage.insertRowBinary(
      table,
      first.columns,
      parts.map((p) => p.rows.data),
      { token },
    );
  } else {
    const body = parts.length === 1 ? first.data : Buffer.concat(parts.map((p) => p.rows.data as Buffer));
    await ctx.storage.insertTsv(table, first.columns, body, { token });
  }
  const labels = { table };
  ctx.telemetry.observe('argus_insert_seconds', labels, (performance.now() - t0) / 1000);
  ctx.telemetry.observe('argus_batch_rows', labels, rows);
  ctx.telemetry.count('argus_stored_total', labels, rows);
}

/**
 * Inserts a table's rows, retrying errors that are not about the data. Returns the entries (request positions)
 * whose rows ClickHouse refused, with the error; the others are stored exactly once.
 */
export async function insertTable(ctx: InsertContext, t: TableInsert, token: string): Promise<Map<number, Error>> {
  const refused = new Map<number, Error>();
  for (let attempt = 1; ; attempt++) {
    try {
      await insertRows(ctx, t.table, t.parts, token);
      return refused;
    } catch (e) {
      if (isDataError(e)) break;
      ctx.telemetry.count('argus_insert_failures_total', { table: t.table, kind: 'storage' });
      ctx.log.warn({ table: t.table, attempt, err: (e as Error).message }, 'insert failed; retrying');
      if (attempt >= ctx.attempts || ctx.stopping()) throw e;
      await sleep(Math.min(10_000, 200 * 2 ** Math.min(attempt, 6)));
    }
  }
  ctx.telemetry.count('argus_insert_failures_total', { table: t.table, kind: 'data' });
  await isolate(ctx, t.table, t.parts, token, refused);
  return refused;
}

/** Halves the parts until the ones ClickHouse refuses stand alone; every half has its own token. */
async function isolate(ctx: InsertContext, table: string, parts: EntryRows[], token: string, refused: Map<number, Error>): Promise<void> {
  if (parts.length === 1) {
    // one request alone: if it still fails it is a culprit (a storage error here is retried like any other)
    for (let attempt = 1; ; attempt++) {
      try {
        await insertRows(ctx, table, parts, `${token}.${parts[0].index}`);
        return;
      } catch (e) {
        if (isDataError(e)) {
          refused.set(parts[0].index, e as Error);
          return;
        }
        if (attempt >= ctx.attempts || ctx.stopping()) throw e;
        await sleep(Math.min(10_000, 200 * 2 ** Math.min(attempt, 6)));
      }
    }
  }
  const mid = parts.length >> 1;
  for (const half of [parts.slice(0, mid), parts.slice(mid)]) {
    const sub = `${token}.${half[0].index}-${half[half.length - 1].index}`;
    try {
      await insertRows(ctx, table, half, sub);
    } catch (e) {
      if (!isDataError(e)) throw e;
      await isolate(ctx, table, half, sub, refused);
    }
  }
}
