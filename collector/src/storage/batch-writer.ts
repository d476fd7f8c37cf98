import type { Logger } from 'pino';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { ArgusError, badRequest, overloaded } from '../errors.js';
import { insertTable, type EntryRows, type InsertContext } from './insert-table.js';
import { createTelemetry } from '../telemetry.js';
import type { Telemetry } from '../telemetry.js';
import type { Storage } from './storage.js';

export interface BatchWriterOptions {
  table: string;
  columns: readonly string[];
  /** flush at most this long after the first pending row (ms) */
  flushMs?: number;
  /** flush at once when this many rows are pending and no insert is running (batches grow with load by themselves) */
  minRows?: number;
  /** refuse writes (OVERLOADED, 503 + Retry-After) beyond this many queued rows */
  maxPendingRows?: number;
  /**
   * refuse writes beyond this many bytes of queued TSV (its characters; ASCII in practice), so the collector's
   * memory stays bounded whatever the row size; a write into an empty queue is always taken
   */
  maxPendingBytes?: number;
  /** attempts per insert before the waiting writers are failed */
  attempts?: number;
  log?: Logger;
  telemetry?: Telemetry;
}

export interface BatchWriter {
  /** queue TSV lines; resolves once they are stored in ClickHouse, rejects if they could not be */
  write(tsvLines: string, rowCount: number): Promise<void>;
  /** rows queued or in flight */
  depth(): number;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const silent = pino({ level: 'silent' });
const noTelemetry = createTelemetry();

/** What a writer sees when its rows could not be stored: 503 + Retry-After, with ClickHouse's reason. */
function unavailable(e: unknown): ArgusError {
  if (e instanceof ArgusError) return e;
  return new ArgusError('STORAGE_UNAVAILABLE', `storage is unavailable, retry later: ${(e as Error).message}`, 503, 5);
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * Groups rows from many requests into large inserts (ClickHouse wants thousands of rows per insert and about one
 * insert per second per table), one insert in flight per table, bounded queue. Under load, rows that arrive while
 * an insert runs form the next insert, so batch size grows with the load; when idle, a small batch waits at most
 * `flushMs`. Each insert carries a deduplication token, so its retries never store a row twice; rows ClickHouse
 * refuses are isolated to their request (400), the rest of the batch is stored (ingest/pipeline/insert.ts).
 * Used for agent entity reports and browser beacons (acknowledged once stored); OTLP goes through the ingest
 * pipeline and its write-ahead log.
 */
export function createBatchWriter(storage: Storage, opts: BatchWriterOptions): BatchWriter {
  const flushMs = opts.flushMs ?? 500;
  const minRows = opts.minRows ?? 5_000;
  const maxPending = opts.maxPendingRows ?? 1_000_000;
  const maxBytes = opts.maxPendingBytes ?? 128 * 1024 * 1024;
  const attempts = opts.attempts ?? 3;
  const labels = { table: opts.table };
  let chunks: string[] = [];
  let chunkRows: number[] = [];
  let rows = 0;
  let bytes = 0;
  let waiters: Waiter[] = [];
  let firstAt = 0;
  let inflightRows = 0;
  let inflightBytes = 0;
  let inflight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const writerId = `${opts.table}-${randomBytes(6).toString('hex')}`;
  opts.telemetry?.gauge('argus_queue_rows', labels, () => rows + inflightRows);

  let batchSeq = 0;
  const ctx: InsertContext = {
    storage,
    log: opts.log ?? silent,
    telemetry: opts.telemetry ?? noTelemetry,
    attempts,
    stopping: () => false,
  };

  function flushNow(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (rows === 0 || inflight) return;
    const batchChunks = chunks;
    const batchRows = chunkRows;
    const n = rows;
    const batchWaiters = waiters;
    chunks = [];
    chunkRows = [];
    rows = 0;
    waiters = [];
    inflightRows = n;
    inflightBytes = bytes;
    bytes = 0;
    const parts: EntryRows[] = batchChunks.map((c, i) => ({
      index: i,
      rows: { table: opts.table, format: 'TabSeparated', columns: opts.columns, data: Buffer.from(c), rows: batchRows[i] },
    }));
    // one token per batch: a retry stores nothing twice (views included); a request ClickHouse refuses is found by
    // splitting the batch and answered 400, the others are stored
    inflight = insertTable(ctx, { table: opts.table, parts }, `${writerId}-${++batchSeq}`)
      .then(
        (refused) =>
          batchWaiters.forEach((w, i) => {
            const err = refused.get(i);
            if (err) w.reject(badRequest(`ClickHouse refused these rows: ${err.message.split('\n')[0].slice(0, 300)}`, 'INSERT_REFUSED'));
            else w.resolve();
          }),
        (e: unknown) => batchWaiters.forEach((w) => w.reject(unavailable(e))),
      )
      .finally(() => {
        inflight = null;
        inflightRows = 0;
        inflightBytes = 0;
        schedule();
      });
  }

  function schedule(): void {
    if (rows === 0 || inflight) return;
    const due = firstAt + flushMs - Date.now();
    if (rows >= minRows || due <= 0 || closed) flushNow();
    else if (!timer) timer = setTimeout(flushNow, due);
  }

  return {
    write(tsvLines, rowCount) {
      if (rowCount === 0) return Promise.resolve();
      if (closed) return Promise.reject(overloaded('collector is shutting down', 5));
      const queued = bytes + inflightBytes;
      const full =
        rows + inflightRows + rowCount > maxPending
          ? `${rows + inflightRows} rows pending`
          : queued > 0 && queued + tsvLines.length > maxBytes
            ? `${Math.round(queued / 1048576)} MiB pending`
            : undefined;
      if (full) {
        opts.telemetry?.count('argus_rejected_total', { table: opts.table, reason: 'overloaded' }, rowCount);
        return Promise.reject(overloaded(`write queue for ${opts.table} is full (${full})`, 1));
      }
      return new Promise<void>((resolve, reject) => {
        if (rows === 0) firstAt = Date.now();
        chunks.push(tsvLines);
        chunkRows.push(rowCount);
        rows += rowCount;
        bytes += tsvLines.length;
        waiters.push({ resolve, reject });
        schedule();
      });
    },
    depth: () => rows + inflightRows,
    async flush() {
      while (rows > 0 || inflight) {
        if (inflight) await inflight;
        else flushNow();
      }
    },
    async close() {
      closed = true;
      await this.flush();
    },
  };
}
