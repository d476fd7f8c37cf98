import type { Storage } from '../storage/storage.js';

/** A row of a synced table: `updatedAt` (ms) is its version (the table is a ReplacingMergeTree(updated_at)). */
export interface Versioned {
  updatedAt: number;
}

export interface TableSpec<R extends Versioned> {
  table: string;
  /** the SELECT list; must yield R's fields (after `fromRow`), `updated_at` read as `toUnixTimestamp64Milli(updated_at) AS updatedAt` */
  select: string;
  /** insert columns, in the order `toTsv` writes them */
  columns: readonly string[];
  toTsv(row: R): string;
  fromRow(raw: Record<string, unknown>): R;
  key(row: R): string;
}

export interface SyncedTable<R extends Versioned> {
  get(key: string): R | undefined;
  values(): IterableIterator<R>;
  /** stores a new version of a row (its `updatedAt` is set here, always later than the version it replaces) */
  write(row: R): Promise<R>;
  /** reads what changed since the last call (the first call reads everything); returns the rows that changed */
  sync(): Promise<R[]>;
}

/** how far back each poll re-reads, so rows that reach ClickHouse late (other collectors, Distributed inserts) are not missed */
const OVERLAP_MS = 30_000;

/**
 * A small ClickHouse table mirrored in memory. Every collector sharing the storage polls it by `updated_at`
 * (with an overlap), so a change made by one collector reaches the others within one poll interval. Writes go
 * to ClickHouse first and are applied locally once stored. Deletions are rows too (a `revoked`/`deleted` flag).
 */
export function syncedTable<R extends Versioned>(storage: Storage, spec: TableSpec<R>): SyncedTable<R> {
  const rows = new Map<string, R>();
  let watermark = 0;
  let first = true;

  const apply = (row: R): boolean => {
    const k = spec.key(row);
    const prev = rows.get(k);
    if (prev && prev.updatedAt >= row.updatedAt) return false;
    rows.set(k, row);
    if (row.updatedAt > watermark) watermark = row.updatedAt;
    return true;
  };

  return {
    get: (k) => rows.get(k),
    values: () => rows.values(),
    async write(row) {
      const prev = rows.get(spec.key(row));
      const next = { ...row, updatedAt: Math.max(Date.now(), (prev?.updatedAt ?? 0) + 1) };
      await storage.insertTsv(spec.table, spec.columns, `${spec.toTsv(next)}\n`);
      apply(next);
      return next;
    },
    async sync() {
      const since = first ? 0 : Math.max(0, watermark - OVERLAP_MS);
      const raw = await storage.query(
        `SELECT ${spec.select} FROM ${spec.table} WHERE updated_at >= fromUnixTimestamp64Milli({since:Int64}, 'UTC')`,
        { since },
      );
      first = false;
      const changed: R[] = [];
      for (const r of raw) {
        const row = spec.fromRow(r);
        if (apply(row)) changed.push(row);
      }
      return changed;
    },
  };
}

/** row field helpers: ClickHouse JSON gives 64-bit integers as strings and Bool as true/false */
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
export const num = (v: unknown): number => Number(v ?? 0);
export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 'true';
