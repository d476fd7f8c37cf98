/**
 * The ingest write-ahead log: accepted requests are appended to segment files under the data directory and
 * acknowledged once an fdatasync covers them. Appends that arrive while a sync runs are written and synced together
 * by the next one (group commit), so one sync serves every request in flight. The pipeline seals the open segment
 * when it hands that segment's rows to ClickHouse, and releases (deletes) it once they are stored; segments left
 * behind by a crash are read back by `recover()` and inserted again under the same deduplication tokens.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { open, readFile, stat, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ArgusError, overloaded } from '../../errors.js';
import { writeAll } from '../../storage/write-all.js';
import { encodeRecord, parseSegment, type RecordMeta, type WalRecord } from './record.js';

export interface WalOptions {
  dir: string;
  /** appends beyond this many bytes on disk (segments not yet stored in ClickHouse) are refused: 503 + Retry-After */
  maxBytes: number;
  /** fdatasync before an append resolves (default true) */
  sync?: boolean;
  log: Logger;
}

/** Where an appended record is: its segment and its position in it. */
export interface RecordRef {
  segment: number;
  index: number;
}

export interface RecoveredSegment {
  segment: number;
  records: WalRecord[];
  /** indexes not to replay: records cancelled (never acknowledged) and the cancellation records themselves */
  skip: Set<number>;
}

/** The meta of a cancellation record: `[segment, index]` of the record it cancels. */
const CANCELS = 'cancels';

export interface Wal {
  /** this log's id (a random id kept in the directory): part of every deduplication token */
  id: string;
  /**
   * Appends a record to the open segment: `ref` says where (at once), `durable` resolves once it is on disk
   * (fdatasync) and rejects (503) when the log is full or the disk refused the write.
   */
  append(meta: RecordMeta, body: Buffer): { ref: RecordRef; durable: Promise<void> };
  /**
   * The record at `ref` was appended but will not be acknowledged (its request was refused after the append: the
   * append runs beside the request's check): appends a cancellation, so a replay after a crash skips it. Resolves
   * once the cancellation is on disk, or when it could not be written (logged; a replay then checks the record again).
   */
  cancel(ref: RecordRef): Promise<void>;
  /** closes a segment to appends (the next append starts a new one); resolves when its appends are settled */
  seal(segment: number): Promise<void>;
  /** the segment is stored in ClickHouse: delete it */
  release(segment: number): Promise<void>;
  /**
   * Keeps a record ClickHouse refused (a request acknowledged but not storable) in `quarantine/` next to the log,
   * with the reason, for inspection and a manual replay; returns the file written.
   */
  quarantine(segment: number, index: number, reason: string): Promise<string>;
  /** segments a previous run left (read before the first append); torn tails are cut and reported */
  recover(): Promise<RecoveredSegment[]>;
  /** bytes on disk (or being written) in segments not yet released */
  bytes(): number;
  close(): Promise<void>;
}

interface Segment {
  seq: number;
  fh: Promise<FileHandle>;
  /** bytes appended (written or pending) */
  size: number;
  /** bytes known to be on disk */
  durable: number;
  records: number;
  pending: Buffer[];
  waiters: Array<{ ok: () => void; fail: (e: unknown) => void }>;
  sealed: boolean;
  /** a flush is writing this segment's previous appends */
  writing: boolean;
  closed: boolean;
  /** resolves when every append to the segment is settled and its file is closed (after sealing) */
  settled: Promise<void>;
  settle: () => void;
}

const FILE = /^(\d{16})\.wal$/;
const name = (seq: number) => `${String(seq).padStart(16, '0')}.wal`;

export function openWal(opts: WalOptions): Wal {
  const sync = opts.sync ?? true;
  mkdirSync(opts.dir, { recursive: true });
  const idFile = join(opts.dir, 'id');
  if (!existsSync(idFile)) writeFileSync(idFile, randomBytes(8).toString('hex'));
  const id = readFileSync(idFile, 'utf8').trim();
  const segments = new Map<number, Segment>();
  const leftover = new Map<number, number>(); // recovered segment -> bytes
  // segment numbers never repeat across restarts (they are part of the deduplication tokens, and ClickHouse would
  // drop a new batch that reused a token of an earlier one): they start past every segment left on disk and past
  // 1000 x the start time in ms (a segment takes at least one batch, far fewer than 1000 a millisecond)
  let next = Math.max(1 + Math.max(0, ...readdirSync(opts.dir).map((f) => Number(FILE.exec(f)?.[1] ?? 0))), Date.now() * 1000);
  let current: Segment | undefined;
  let total = 0;
  let flushing = false;

  function newSegment(): Segment {
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    const seg: Segment = {
      seq: next++,
      fh: open(join(opts.dir, name(next - 1)), 'a'),
      size: 0,
      durable: 0,
      records: 0,
      pending: [],
      waiters: [],
      sealed: false,
      writing: false,
      closed: false,
      settled,
      settle,
    };
    seg.fh.catch(() => undefined); // failures surface through the flush
    segments.set(seg.seq, seg);
    return seg;
  }

  /** closes a sealed segment's file once nothing is pending or being written */
  async function finish(seg: Segment): Promise<void> {
    if (!seg.sealed || seg.writing || seg.pending.length > 0 || seg.closed) return;
    seg.closed = true;
    await (await seg.fh.catch(() => undefined))?.close().catch(() => undefined);
    seg.settle();
  }

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      for (;;) {
        const work = [...segments.values()].filter((s) => s.pending.length > 0);
        if (work.length === 0) break;
        for (const seg of work) {
          const bufs = seg.pending;
          const waiters = seg.waiters;
          const bytes = bufs.reduce((a, b) => a + b.length, 0);
          seg.pending = [];
          seg.waiters = [];
          seg.writing = true;
          try {
            const fh = await seg.fh;
            await writeAll(fh, bufs); // a write the disk cut short is not acknowledged (write-all.ts)
            if (sync) await fh.datasync();
            seg.durable += bytes;
            for (const w of waiters) w.ok();
          } catch (e) {
            // a partial write would leave a torn record that later records could not be read past: cut it off and
            // never append to this file again
            opts.log.error({ err: (e as Error).message, segment: seg.seq }, 'write-ahead log append failed');
            await truncate(join(opts.dir, name(seg.seq)), seg.durable).catch(() => undefined);
            total -= seg.size - seg.durable;
            seg.size = seg.durable;
            seg.sealed = true;
            if (current === seg) current = undefined;
            const err = appendError(e);
            for (const w of waiters) w.fail(err);
            for (const w of seg.waiters) w.fail(err);
            seg.waiters = [];
            seg.pending = [];
          }
          seg.writing = false;
          await finish(seg);
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    id,
    append(meta, body) {
      const parts = encodeRecord(meta, body);
      const bytes = parts.reduce((a, b) => a + b.length, 0);
      if (total > 0 && total + bytes > opts.maxBytes) {
        const full = overloaded(`write-ahead log is full (${Math.round(total / 1048576)} MiB not yet stored in ClickHouse)`, 5);
        return { ref: { segment: 0, index: -1 }, durable: Promise.reject(full) };
      }
      const seg = (current ??= newSegment());
      const ref: RecordRef = { segment: seg.seq, index: seg.records++ };
      seg.size += bytes;
      total += bytes;
      seg.pending.push(...parts);
      const durable = new Promise<void>((ok, fail) => seg.waiters.push({ ok, fail }));
      void flush();
      return { ref, durable };
    },
    async cancel(ref) {
      try {
        await this.append({ [CANCELS]: [ref.segment, ref.index] }, Buffer.alloc(0)).durable;
      } catch (e) {
        opts.log.warn({ err: (e as Error).message, segment: ref.segment, index: ref.index }, 'write-ahead log: cancellation not written');
      }
    },
    async seal(segment) {
      const seg = segments.get(segment);
      if (!seg) return;
      if (current === seg) current = undefined;
      seg.sealed = true;
      void flush();
      await finish(seg);
      await seg.settled;
    },
    async release(segment) {
      const seg = segments.get(segment);
      if (seg) {
        await seg.settled;
        segments.delete(segment);
        total -= seg.size;
      } else {
        total -= leftover.get(segment) ?? 0;
        leftover.delete(segment);
      }
      await unlink(join(opts.dir, name(segment))).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      });
    },
    async quarantine(segment, index, reason) {
      const parsed = parseSegment(await readFile(join(opts.dir, name(segment))));
      const rec = parsed.records[index];
      const dir = join(opts.dir, 'quarantine');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name(segment).replace('.wal', '')}-${index}.wal`);
      const fh = await open(file, 'w');
      try {
        if (rec) await writeAll(fh, encodeRecord({ ...rec.meta, quarantined: reason }, rec.body));
      } finally {
        await fh.close();
      }
      return file;
    },
    async recover() {
      const files = readdirSync(opts.dir)
        .map((f) => Number(FILE.exec(f)?.[1] ?? NaN))
        .filter((n) => Number.isFinite(n) && !segments.has(n))
        .sort((a, b) => a - b);
      const out: RecoveredSegment[] = [];
      for (const seq of files) {
        const path = join(opts.dir, name(seq));
        const data = await readFile(path);
        const parsed = parseSegment(data);
        if (parsed.problem) {
          opts.log.warn(
            { segment: seq, records: parsed.records.length, droppedBytes: data.length - parsed.validBytes, problem: parsed.problem },
            'write-ahead log: torn or corrupt tail cut off (the records before it are replayed; what follows was never acknowledged)',
          );
          await truncate(path, parsed.validBytes);
        }
        const size = (await stat(path)).size;
        leftover.set(seq, size);
        total += size;
        out.push({ segment: seq, records: parsed.records, skip: new Set() });
      }
      // cancellations may sit in a later segment than the record they cancel
      const bySeq = new Map(out.map((r) => [r.segment, r]));
      for (const r of out)
        for (const [i, rec] of r.records.entries()) {
          const c = rec.meta[CANCELS];
          if (!Array.isArray(c)) continue;
          r.skip.add(i);
          bySeq.get(Number(c[0]))?.skip.add(Number(c[1]));
        }
      return out;
    },
    bytes: () => total,
    async close() {
      for (const seg of segments.values()) await this.seal(seg.seq);
    },
  };
}

/** A disk problem: the request is refused with 503 + Retry-After (nothing of it is stored); the client retries. */
function appendError(e: unknown): ArgusError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOSPC' ? 'the disk is full' : (e as Error).message;
  return new ArgusError('WAL_UNAVAILABLE', `could not write the write-ahead log (${why}); retry later`, 503, 5);
}
