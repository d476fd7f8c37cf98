/**
 * A bounded, ordered buffer of payloads waiting for the collector, backed by disk. A payload starts in
 * memory (the common case: delivered within a second, no file I/O at all) and is written to disk by
 * `persist()` once it is older than a few seconds, while the collector is unavailable, and on stop. On disk
 * each payload is one file `<seq>-<kind>-<points>.bin`, written to a temp name then renamed (a crash never
 * leaves half a payload); the directory is re-read at start, so spooled data survives restarts. When full,
 * the OLDEST payloads are dropped and counted; nothing is dropped while there is room.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

export type PayloadKind = 'metrics' | 'traces' | 'entities';

export interface SpoolRecord {
  seq: number;
  kind: PayloadKind;
  /** data points (metrics) or 0 */
  points: number;
  size: number;
  file: string;
  /** set while the payload lives only in memory */
  body?: Uint8Array;
  at: number;
}

export interface SpoolStats {
  bytes: number;
  records: number;
  /** bytes of payloads only in memory (not yet on disk) */
  memoryBytes: number;
  droppedRecords: number;
  droppedBytes: number;
  droppedPoints: number;
}

export interface Spool {
  append(kind: PayloadKind, body: Uint8Array, points?: number): SpoolRecord;
  /** oldest record, undefined when empty */
  peek(): SpoolRecord | undefined;
  read(rec: SpoolRecord): Buffer | undefined;
  /** removes a delivered (or rejected) record */
  remove(rec: SpoolRecord): void;
  /** writes in-memory payloads appended before `olderThan` (ms epoch; Infinity = all) to disk */
  persist(olderThan: number): void;
  stats(): SpoolStats;
}

const NAME = /^(\d{16})-(metrics|traces|entities)-(\d+)\.bin$/;

export function openSpool(opts: { dir: string; maxBytes: number; log: Logger }): Spool {
  const { dir, maxBytes, log } = opts;
  mkdirSync(dir, { recursive: true });
  const queue: SpoolRecord[] = [];
  let bytes = 0;
  let head = 0;
  const dropped = { records: 0, bytes: 0, points: 0 };

  for (const file of readdirSync(dir).sort()) {
    const m = NAME.exec(file);
    if (!m) {
      if (file.endsWith('.tmp')) rmSync(join(dir, file), { force: true });
      continue;
    }
    const size = statSync(join(dir, file)).size;
    queue.push({ seq: Number(m[1]), kind: m[2] as PayloadKind, points: Number(m[3]), size, file, at: 0 });
    bytes += size;
  }
  let nextSeq = queue.length ? queue[queue.length - 1].seq + 1 : 1;
  if (queue.length) log.info({ records: queue.length, bytes }, 'spool: resuming payloads left from a previous run');

  const compact = () => {
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  };
  let memoryBytes = 0;
  const unlink = (rec: SpoolRecord) => {
    if (rec.body) {
      rec.body = undefined;
      memoryBytes -= rec.size;
    } else rmSync(join(dir, rec.file), { force: true });
    bytes -= rec.size;
  };
  const writeOut = (rec: SpoolRecord) => {
    if (!rec.body) return;
    const tmp = join(dir, `${rec.file}.tmp`);
    writeFileSync(tmp, rec.body);
    renameSync(tmp, join(dir, rec.file));
    rec.body = undefined;
    memoryBytes -= rec.size;
  };

  return {
    append(kind, body, points = 0) {
      while (bytes + body.length > maxBytes && head < queue.length) {
        const old = queue[head++];
        unlink(old);
        dropped.records++;
        dropped.bytes += old.size;
        dropped.points += old.points;
      }
      if (dropped.records && head) compact();
      const seq = nextSeq++;
      const file = `${String(seq).padStart(16, '0')}-${kind}-${points}.bin`;
      const rec: SpoolRecord = { seq, kind, points, size: body.length, file, body, at: Date.now() };
      queue.push(rec);
      bytes += body.length;
      memoryBytes += body.length;
      return rec;
    },
    persist(olderThan) {
      for (let i = head; i < queue.length; i++) {
        const rec = queue[i];
        if (rec.at >= olderThan) break;
        try {
          writeOut(rec);
        } catch (err) {
          log.error({ err, file: rec.file }, 'spool: cannot write to disk; keeping the payload in memory');
          return;
        }
      }
    },
    peek: () => queue[head],
    read(rec) {
      if (rec.body) return Buffer.from(rec.body.buffer, rec.body.byteOffset, rec.body.byteLength);
      try {
        return readFileSync(join(dir, rec.file));
      } catch {
        return undefined;
      }
    },
    remove(rec) {
      if (queue[head] === rec) {
        head++;
        compact();
      } else {
        const i = queue.indexOf(rec, head);
        if (i < 0) return; // already dropped to make room
        queue.splice(i, 1);
      }
      unlink(rec);
    },
    stats: () => ({
      bytes,
      memoryBytes,
      records: queue.length - head,
      droppedRecords: dropped.records,
      droppedBytes: dropped.bytes,
      droppedPoints: dropped.points,
    }),
  };
}
