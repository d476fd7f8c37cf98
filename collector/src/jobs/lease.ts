import type { Logger } from 'pino';
import type { Storage } from '../storage/storage.js';

/**
 * Who runs the singleton jobs. `held()` is checked before every singleton run; `term()` counts how often this
 * collector gained the lease (so a job can reload state another holder may have advanced meanwhile).
 */
export interface Lease {
  held(): boolean;
  term(): number;
  /** resolves after the first acquisition attempt */
  start(): Promise<void>;
  /** stops renewing and gives the lease up, so another collector takes over at once */
  stop(): Promise<void>;
}

/** Embedded storage: one collector per data directory, so this process always holds the lease. */
export function localLease(): Lease {
  return { held: () => true, term: () => 1, start: () => Promise.resolve(), stop: () => Promise.resolve() };
}

/** Never held: ARGUS_JOBS=off. */
export function noLease(): Lease {
  return { held: () => false, term: () => 0, start: () => Promise.resolve(), stop: () => Promise.resolve() };
}

export interface TableLeaseOptions {
  /** this collector's identity (unique per process) */
  holder: string;
  /** lease length; renewed every ttlMs / 3 */
  ttlMs: number;
  /** wait between writing a claim and reading back who won (concurrent claims are decided by that read) */
  settleMs?: number;
  name?: string;
  log: Logger;
}

interface Top {
  epoch: number;
  holder: string;
  expiresMs: number;
  nowMs: number;
}

/**
 * A lease in the `argus_job_leases` table (server and cluster storage; also runs on embedded chDB, which is how
 * the tests exercise it). ClickHouse has no compare-and-set, so a claim is a row with the next epoch, and the
 * winner is the greatest (epoch, holder) after a settle delay: two collectors claiming an expired lease at once
 * both read both claims and agree. Times are ClickHouse's (`now64()`), so collectors' clocks do not matter. The
 * holder renews every ttl/3 and stops acting as leader when it cannot renew before its own deadline
 * (ttl after the last successful read), so a collector cut off from ClickHouse steps down before the lease can
 * pass to another. Singleton jobs must still be idempotent: a holder stalled longer than the ttl (a frozen
 * process) can finish one run after another has taken over.
 */
export function tableLease(storage: Storage, o: TableLeaseOptions): Lease {
  const name = o.name ?? 'singleton-jobs';
  const settleMs = o.settleMs ?? 500;
  /** the holder stops a little before the lease it wrote expires (clocks run at slightly different rates) */
  const margin = Math.min(1000, Math.floor(o.ttlMs / 10));
  let epoch = 0;
  let deadline = 0;
  let term = 0;
  let timer: NodeJS.Timeout | undefined;
  let stepping: Promise<void> | undefined;
  let stopped = false;

  const readTop = async (): Promise<Top> => {
    const [r] = await storage.query<{ epoch: number; holder: string; expires_ms: number; now_ms: number }>(
      `SELECT tupleElement(top, 1) AS epoch, tupleElement(top, 2) AS holder, toUnixTimestamp64Milli(expires) AS expires_ms,
         toUnixTimestamp64Milli(now64(3)) AS now_ms
       FROM (SELECT max((epoch, holder, updated_at)) AS top, argMax(expires_at, (epoch, holder, updated_at)) AS expires
             FROM argus_job_leases WHERE name = {name:String})`,
      { name },
    );
    return { epoch: Number(r.epoch), holder: r.holder, expiresMs: Number(r.expires_ms), nowMs: Number(r.now_ms) };
  };
  const write = (e: number, ttlMs: number) =>
    storage.command(
      `INSERT INTO argus_job_leases (name, epoch, holder, expires_at, updated_at)
       SELECT {name:String}, {epoch:UInt64}, {holder:String}, now64(3) + toIntervalMillisecond({ttl:Int64}), now64(6)`,
      { name, epoch: e, holder: o.holder, ttl: ttlMs },
    );

  async function step(): Promise<void> {
    const t0 = Date.now();
    const top = await readTop();
    const mine = top.holder === o.holder && top.epoch === epoch && epoch > 0;
    if (mine) {
      await write(epoch, o.ttlMs);
      deadline = t0 + o.ttlMs - margin;
      return;
    }
    if (deadline > 0) o.log.warn({ holder: top.holder, epoch: top.epoch }, 'job lease lost: singleton jobs stop here');
    deadline = 0;
    if (top.expiresMs > top.nowMs) return; // someone else holds it
    const claim = top.epoch + 1;
    await write(claim, o.ttlMs);
    await new Promise((r) => setTimeout(r, settleMs));
    const after = await readTop();
    if (after.epoch === claim && after.holder === o.holder) {
      epoch = claim;
      deadline = t0 + o.ttlMs - margin;
      term++;
      o.log.info({ holder: o.holder, epoch, term }, 'job lease acquired: singleton jobs run here');
    }
  }

  const run = () =>
    (stepping ??= step()
      .catch((err: unknown) => o.log.warn({ err }, 'job lease renewal failed; retrying'))
      .finally(() => (stepping = undefined)));
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void run().then(schedule), Math.max(100, Math.floor(o.ttlMs / 3)));
    timer.unref();
  };

  return {
    held: () => Date.now() < deadline,
    term: () => term,
    async start() {
      await run();
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await stepping;
      if (deadline > Date.now()) {
        deadline = 0;
        await write(epoch, 0).catch((err: unknown) => o.log.warn({ err }, 'releasing the job lease failed (it expires by itself)'));
      }
    },
  };
}
