/**
 * An ingest batch: the requests of one write-ahead-log segment (or, without the log, of one flush interval), the
 * unit that is inserted into ClickHouse and deduplicated. Each request is an entry with its decoded rows.
 */
import { rowBytes, type DecodeResult } from './decode-task.js';
import type { TableInsert } from '../../storage/insert-table.js';

export interface Entry {
  /** position of the request in the batch (its record in the segment) */
  index: number;
  tenant: string;
  /** its rows: set once built (acknowledged requests get them after their answer, decode-worker.ts) */
  result?: DecodeResult;
  /** resolves once `result` is set, or `failed` when the rows could not be built */
  ready?: Promise<void>;
  failed?: Error;
  /** what the entry counts in its batch and the pending budget: rows, and bytes (an estimate until built) */
  rows: number;
  bytes: number;
  /** false when its log append failed (the client got 503 and will retry it): not inserted */
  ok: boolean;
  /** without the log: the request waits for its rows to be stored */
  done?: { resolve(): void; reject(e: unknown): void };
}

export interface Batch {
  seq: number;
  entries: Entry[];
  rows: number;
  bytes: number;
  firstAt: number;
  /** read back from the log after a restart */
  replayed: boolean;
  /** called once the batch is stored (or given up) */
  onDone?: () => void;
}

export const newBatch = (seq: number, replayed = false): Batch => ({ seq, entries: [], rows: 0, bytes: 0, firstAt: Date.now(), replayed });

/** What closes a batch: the collector's ARGUS_BATCH_* and ARGUS_INGEST_BATCH_MAX_BYTES, and whether answers wait for it. */
export interface SealRule {
  flushMs: number;
  minRows: number;
  maxBytes: number;
  /** requests are answered once in the write-ahead log, not once inserted */
  logged: boolean;
}

export interface OpenBatch {
  rows: number;
  bytes: number;
  ageMs: number;
  /** no insert running or queued */
  quiet: boolean;
  stopping: boolean;
}

/**
 * When the open batch is closed: 0 now, in that many ms, or (undefined) when the insert running now is done. While
 * an insert runs, the batch grows (batches grow with the load); after it, a batch waits ARGUS_BATCH_FLUSH_MS from its
 * first row for more. With the log, a batch that has reached ARGUS_BATCH_MIN_ROWS (a busy collector) waits twice as
 * long: fewer, larger inserts cost ClickHouse less per row (fewer parts to write and merge; at 20k spans/s ~82 -> ~67
 * µs of CPU per span, bench/results/ingest.md), the answers do not wait for it, and a quiet collector keeps the short
 * window (how soon a lone span is queryable and on the map). Without the log the answers wait: such a batch goes at once.
 */
export function sealIn(b: OpenBatch, rule: SealRule): number | undefined {
  if (b.bytes >= rule.maxBytes || b.stopping) return 0;
  if (!b.quiet) return undefined;
  const big = b.rows >= rule.minRows;
  if (big && !rule.logged) return 0;
  return Math.max(0, (big ? 2 : 1) * rule.flushMs - b.ageMs);
}

export const entryRows = (r: DecodeResult) => r.tables.reduce((a, t) => a + t.rows, 0);
export const entryBytes = rowBytes;

/** The per-request tables of a batch's entries (their rows built), each table's rows in entry order. */
export function tablesOf(entries: readonly Entry[]): TableInsert[] {
  const byTable = new Map<string, TableInsert>();
  for (const e of entries) {
    for (const rows of e.result?.tables ?? []) {
      let t = byTable.get(rows.table);
      if (t === undefined) byTable.set(rows.table, (t = { table: rows.table, parts: [] }));
      t.parts.push({ index: e.index, rows });
    }
  }
  return [...byTable.values()];
}
