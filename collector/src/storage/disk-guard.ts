/**
 * The `storage.disk-guard` job (embedded storage): watches the free space of the data directory's filesystem and
 * keeps the engine's merges off a disk that is nearly full. chDB's engine can commit a merged part that the disk
 * cut short, without an error (part-repair.ts); inserts have their own floor (ARGUS_STORAGE_MIN_FREE_BYTES), merges
 * have none. Below the floor the guard stops merges (`SYSTEM STOP MERGES`, and TTL merges); at twice the floor it starts them again
 * and checks the parts merged since shortly before the disk filled, putting back the rows of any broken one from the
 * parts it was merged from. Before the storage closes, `settle()` runs that check if it is still due: a table's
 * shutdown removes the outdated parts a repair needs.
 */
import { statfsSync } from 'node:fs';
import type { Logger } from 'pino';
import type { JobRunner } from '../jobs/types.js';
import type { Telemetry } from '../telemetry.js';
import { repairBrokenParts } from './part-repair.js';
import type { Storage } from './storage.js';

export interface DiskGuardOptions {
  storage: Storage;
  jobs: JobRunner;
  telemetry: Telemetry;
  log: Logger;
  dataDir: string;
  /** the insert floor (ARGUS_STORAGE_MIN_FREE_BYTES); merges stop below it (or below 32 MiB when it is lower) */
  minFreeBytes: number;
  /** free bytes of the data directory's filesystem (tests replace it) */
  freeBytes?: () => number;
  /** while the disk stays low, how often the parts merged meanwhile are checked (default 30 s) */
  recheckMs?: number;
}

export interface DiskGuard {
  /** runs a due check before the storage closes (never throws) */
  settle(): Promise<void>;
}

const MiB = 1024 * 1024;
/** parts merged this long before the disk was seen low are checked too (a merge may have been under way) */
const LOOKBACK_S = 60;
/** a check that failed is tried again after this long */
const RETRY_MS = 5_000;

export function registerDiskGuard(o: DiskGuardOptions): DiskGuard {
  const floor = Math.max(o.minFreeBytes, 32 * MiB);
  const free = o.freeBytes ?? (() => freeOf(o.dataDir));
  const recheckMs = o.recheckMs ?? 30_000;
  let low = false;
  /** unix seconds: parts merged since then are checked; undefined when no check is due */
  let dueSince: number | undefined;
  let lastCheck = 0;
  let lastFree = 0;
  let first = true;
  o.telemetry.gauge('argus_storage_disk_free_bytes', {}, () => lastFree);
  o.telemetry.gauge('argus_storage_merges_stopped', {}, () => (low ? 1 : 0));

  /** all tables' merges, TTL merges included */
  async function merges(action: 'STOP' | 'START'): Promise<void> {
    await o.storage.command(`SYSTEM ${action} MERGES`);
    await o.storage.command(`SYSTEM ${action} TTL MERGES`);
  }

  async function check(log: Logger): Promise<void> {
    if (dueSince === undefined) return;
    lastCheck = Date.now();
    const r = await repairBrokenParts(o.storage, dueSince, log);
    if (r.repaired.length) o.telemetry.count('argus_storage_parts_repaired_total', {}, r.repaired.length);
    if (r.unrecoverable.length) o.telemetry.count('argus_storage_parts_unrecoverable_total', {}, r.unrecoverable.length);
    log.info({ checked: r.checked, broken: r.broken.length, repaired: r.repaired.length }, 'parts merged while the disk was low checked');
    if (!low) dueSince = undefined;
  }

  o.jobs.register({
    name: 'storage.disk-guard',
    intervalMs: 250,
    timeoutMs: 60_000,
    runAtStart: true,
    async run({ log }) {
      if (first) {
        first = false;
        await reportDetached(o.storage, log);
      }
      lastFree = free();
      if (!low && lastFree < floor) {
        low = true;
        dueSince ??= Math.floor(Date.now() / 1000) - LOOKBACK_S;
        lastCheck = Date.now();
        await merges('STOP');
        log.warn({ freeBytes: lastFree, floorBytes: floor }, 'disk nearly full: merges stopped until space returns');
      } else if (low && lastFree >= 2 * floor) {
        await merges('START');
        low = false;
        lastCheck = 0; // check at once
        log.info({ freeBytes: lastFree }, 'disk space back: merges started again');
      }
      // while low, every recheckMs; after, at once (and again after a failed check)
      if (dueSince !== undefined && Date.now() - lastCheck >= (low ? recheckMs : RETRY_MS)) await check(log);
    },
  });

  return {
    async settle() {
      try {
        await check(o.log);
      } catch (e) {
        o.log.error({ err: (e as Error).message }, 'checking the parts merged while the disk was low failed');
      }
    },
  };
}

function freeOf(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/** parts an earlier start found broken and set aside: their rows are not queryable (said once per start) */
async function reportDetached(storage: Storage, log: Logger): Promise<void> {
  const rows = await storage.query<{ table: string; name: string }>(
    `SELECT table, name FROM system.detached_parts WHERE database = currentDatabase() AND startsWith(reason, 'broken')`,
  );
  if (rows.length)
    log.error(
      { parts: rows.slice(0, 20).map((r) => `${r.table}/${r.name}`), count: rows.length },
      'ClickHouse found broken data parts and detached them (their rows are not queryable; see the reliability guide)',
    );
}
