/**
 * The rows accepted and not yet stored (built or still being built), bounded in rows and bytes
 * (ARGUS_MAX_PENDING_ROWS / ARGUS_MAX_PENDING_BYTES). A request that does not fit waits for a batch to be stored,
 * up to `waitMs`, holding its share of the in-flight budget (so the requests behind it wait unread); only then is
 * it answered 503. Answered at once, a client of a collector that inserts as fast as it can slept through its
 * `Retry-After` second while the queue had long emptied: with a queue of a quarter of the default, the same load
 * stored ~40 % less (bench/RESULTS.md, issue 19).
 */
import { overloaded } from '../../errors.js';

export interface Pending {
  rows(): number;
  bytes(): number;
  /** counts rows and bytes in (negative: out, after a batch is stored or its estimate is corrected) */
  add(rows: number, bytes: number): void;
  /** whether `rows` and `bytes` more fit now */
  fits(rows: number, bytes: number): boolean;
  /** resolves once `rows` and `bytes` more fit, or rejects with 503 after `waitMs` (at once when nothing is pending) */
  room(rows: number, bytes: number, stopping: () => boolean): Promise<void>;
}

export function createPending(o: { maxRows: number; maxBytes: number; waitMs: number }): Pending {
  let rows = 0;
  let bytes = 0;
  const waiters = new Set<() => void>();
  const full = (r: number, b: number) =>
    rows + r > o.maxRows ? `${rows} rows` : bytes > 0 && bytes + b > o.maxBytes ? `${Math.round(bytes / 1048576)} MiB` : undefined;
  return {
    rows: () => rows,
    bytes: () => bytes,
    fits: (r, b) => full(r, b) === undefined,
    add(r, b) {
      rows += r;
      bytes += b;
      if (r < 0 || b < 0) for (const w of [...waiters]) w();
    },
    async room(r, b, stopping) {
      const until = Date.now() + o.waitMs;
      for (let why = full(r, b); why !== undefined; why = full(r, b)) {
        const left = until - Date.now();
        // nothing pending: nothing will make room (a request larger than the bound on its own)
        if (left <= 0 || stopping() || (rows === 0 && bytes === 0))
          throw overloaded(`the collector has ${why} waiting to be stored; retry later`, 1);
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          };
          const timer = setTimeout(done, left);
          waiters.add(done);
        });
      }
    },
  };
}
