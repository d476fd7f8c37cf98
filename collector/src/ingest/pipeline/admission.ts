/**
 * How an accepted request enters the write-ahead log and its batch. The append (and its group-committed fdatasync)
 * starts as soon as the body is read, beside the request's check on the decode thread, so the answer waits for the
 * slower of the two rather than both (issue 19: ack p99). The request joins its batch at once, so the batch is not
 * stored before the request is answered; a request refused after its append (its check failed, nothing of it
 * accepted, no room) is cancelled in the log, so a replay after a crash skips it, and leaves its batch.
 */
import type { Wal } from '../wal/wal.js';
import type { Batch, Entry } from './batches.js';
import type { Decoded } from './decode-pool.js';
import type { DecodeResult } from './decode-task.js';

/** A request appended to the log and in its batch, to be acknowledged or cancelled once its check is done. */
export interface Admitted {
  /** resolves once its record is on disk; rejects (503) when the log is full or the disk refused it */
  durable: Promise<void>;
  /** resolves once its rows are built (or known not to be); never rejects */
  ready: Promise<void>;
  /** acknowledged: counts the check's rows in its batch (then its built rows) */
  acknowledge(d: Decoded): void;
  /** not acknowledged: cancelled in the log (a replay skips it), then out of its batch */
  cancel(): Promise<void>;
}

export interface AdmissionDeps {
  /** the batch of the log segment `segment` (sealing the open one when the log moved on), with `entry` added */
  join(segment: number, entry: Entry): Batch;
  /** corrects what an entry counts in its batch and the pending budget */
  resize(b: Batch, e: Entry, rows: number, bytes: number): void;
  /** the entry's rows are built */
  built(b: Batch, e: Entry, r: DecodeResult): void;
}

export function admit(w: Wal, meta: Record<string, unknown>, tenant: string, body: Buffer, d: AdmissionDeps): Admitted {
  const { ref, durable } = w.append(meta, body);
  durable.catch(() => {}); // awaited by whoever answers
  // the log is full: nothing appended, `durable` rejects with 503
  if (ref.index < 0) return { durable, ready: Promise.resolve(), acknowledge: () => {}, cancel: async () => {} };
  const entry: Entry = { index: ref.index, tenant, rows: 0, bytes: 0, ok: true };
  const batch = d.join(ref.segment, entry);
  let settle!: (checked: Decoded | undefined) => void;
  const answered = new Promise<Decoded | undefined>((r) => (settle = r));
  entry.ready = answered.then(async (checked) => {
    if (!checked) return void (entry.ok = false);
    try {
      d.built(batch, entry, await checked.rows);
    } catch (e) {
      entry.failed = e instanceof Error ? e : new Error(String(e));
    }
  });
  return {
    durable,
    ready: entry.ready,
    acknowledge(checked) {
      d.resize(batch, entry, checked.accepted, checked.bytes);
      settle(checked);
    },
    async cancel() {
      // a record the disk refused is gone already; otherwise a cancellation follows it
      await durable.then(() => w.cancel(ref)).catch(() => {});
      settle(undefined);
    },
  };
}
