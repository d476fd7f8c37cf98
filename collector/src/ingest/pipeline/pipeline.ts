/**
 * The ingest pipeline of OTLP traces, metrics and logs:
 *
 *   request -> decode worker (decompress, decode, validate), beside it the write-ahead-log append (group-committed
 *   fdatasync; admission.ts) -> answer -> batch (one log segment; the worker builds the request's rows meanwhile, decode-worker.ts)
 *   -> one insert per table, deduplication token per batch and table
 *   -> analytics rows derived from the batch -> the call resolver (span feed) -> segment deleted
 *
 * A batch is closed when the previous insert is done and it is `ARGUS_BATCH_FLUSH_MS` old (twice that once it has
 * `ARGUS_BATCH_MIN_ROWS`), so batches grow with the load, or at `ARGUS_INGEST_BATCH_MAX_BYTES` (batches.ts sealIn).
 * With ARGUS_INGEST_ACK=stored there is no log: a request is answered once its batch is stored (and a request
 * ClickHouse refuses gets 400).
 */
import { join } from 'node:path';
import { ArgusError, badRequest, overloaded } from '../../errors.js';
import { deriveRows } from '../derive/derived-rows.js';
import { createEndpointRegistry } from '../derive/registry.js';
import { timeLimits, type TimeLimits } from '../otlp/limits.js';
import { openWal, type Wal } from '../wal/wal.js';
import { entryBytes, entryRows, newBatch, sealIn, tablesOf, type Batch, type Entry, type SealRule } from './batches.js';
import { admit, type Admitted, type AdmissionDeps } from './admission.js';
import { createDecodePool, type Decoded } from './decode-pool.js';
import { removeRowsFiles } from './rows-files.js';
import { createPending } from './pending.js';
import type { DecodeResult, DecodeTask } from './decode-task.js';
import { insertTable, type InsertContext, type TableInsert } from '../../storage/insert-table.js';
import type { IngestPipeline, IngestRequest, IngestResult, PipelineDeps, RecordMetaShape } from './types.js';

/** how long a request waits for room among the rows not yet stored before its 503 (as long as for the in-flight budget) */
const ROOM_WAIT_MS = 5_000;

export type { IngestPipeline, IngestRequest, IngestResult, PipelineDeps };

export function createIngestPipeline(d: PipelineDeps): IngestPipeline {
  const { config, ingest, log, telemetry } = d;
  const useWal = ingest.ack === 'wal';
  const wal: Wal | undefined = useWal
    ? openWal({ dir: ingest.walDir ?? join(config.dataDir, 'wal'), maxBytes: ingest.walMaxBytes, log })
    : undefined;
  const pool = createDecodePool(ingest.decodeThreads, {
    rowsDir: d.storage.rowsDir,
    buildNice: ingest.buildNice,
    onePassBacklog: ingest.onePassBacklog,
    onOnePass: () => telemetry.count('argus_ingest_one_pass_total', {}),
    onFallback: (why) =>
      log.error({ err: why }, 'decode worker threads cannot start: decoding on the main thread (ARGUS_INGEST_DECODE_THREADS)'),
  });
  const registry = createEndpointRegistry(d.maxEndpointsPerService);
  const prefix = wal?.id ?? `mem${Date.now().toString(36)}`;
  const queue: Batch[] = [];
  let open: Batch | undefined;
  let nextSeq = 1;
  let inserting = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const pending = createPending({ maxRows: config.maxPendingRows, maxBytes: config.maxPendingBytes, waitMs: ROOM_WAIT_MS });
  let replay: Promise<void> = Promise.resolve();
  const idleWaiters: Array<() => void> = [];
  const rule: SealRule = { flushMs: config.batchFlushMs, minRows: config.batchMinRows, maxBytes: ingest.batchMaxBytes, logged: useWal };
  const ctx: InsertContext = { storage: d.storage, log, telemetry, attempts: useWal ? Infinity : 3, stopping: () => stopping };

  telemetry.gauge('argus_ingest_pending_rows', {}, () => pending.rows());
  telemetry.gauge('argus_ingest_pending_bytes', {}, () => pending.bytes());
  if (wal) telemetry.gauge('argus_wal_bytes', {}, () => wal.bytes());
  telemetry.gauge('argus_decode_heap_bytes', {}, () => pool.heapBytes());

  const idle = () => !inserting && queue.length === 0 && (open === undefined || open.entries.length === 0);
  const notifyIdle = () => {
    if (idle()) for (const w of idleWaiters.splice(0)) w();
  };

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const b = open;
    if (!b || b.entries.length === 0) return notifyIdle();
    const wait = sealIn(
      { rows: b.rows, bytes: b.bytes, ageMs: Date.now() - b.firstAt, quiet: !inserting && queue.length === 0, stopping },
      rule,
    );
    if (wait === 0) void seal(b);
    else if (wait !== undefined) timer = setTimeout(schedule, wait);
  }

  async function seal(b: Batch): Promise<void> {
    if (open === b) open = undefined;
    if (wal) await wal.seal(b.seq);
    queue.push(b);
    void pump();
  }

  async function pump(): Promise<void> {
    if (inserting) return;
    inserting = true;
    try {
      while (queue.length > 0) {
        const b = queue.shift()!;
        try {
          await insertBatch(b);
        } catch (e) {
          // only when giving up: without the log after retries (the requests got 503), with it when stopping
          log.error({ err: (e as Error).message, batch: b.seq }, 'ingest batch not stored');
          for (const e2 of b.entries) e2.done?.reject(unavailable(e));
        }
        pending.add(-b.rows, -b.bytes);
        // rows written to files by the decode threads (rows-files.ts): stored, or given up
        void removeRowsFiles(b.entries.flatMap((e) => e.result?.tables ?? []));
        b.onDone?.();
      }
    } finally {
      inserting = false;
      schedule();
    }
  }

  const token = (b: Batch, table: string) => `${prefix}-${b.seq}-${table}`;

  async function insertBatch(b: Batch): Promise<void> {
    // acknowledged requests whose rows are still being built (decode-worker.ts): the batch waits for them
    for (const e of b.entries) if (e.ready) await e.ready;
    for (const e of b.entries) if (e.ok && e.failed) await lostRows(b, e, e.failed);
    const good = b.entries.filter((e) => e.ok && e.result);
    let resolved: Promise<void> = Promise.resolve();
    const refused = new Map<number, Error>();
    await inParallel(tablesOf(good), async (t) => {
      for (const [i, err] of await insertTable(ctx, t, token(b, t.table))) refused.set(i, err);
    });
    const stored = refused.size ? good.filter((e) => !refused.has(e.index)) : good;
    const spans = stored.filter((e) => e.result!.derived);
    if (spans.length > 0) {
      const derived = deriveRows(
        spans.map((e) => ({ tenant: e.tenant, derived: e.result!.derived! })),
        registry,
      );
      await inParallel(derived.tables, async (t) => {
        const r = await insertTable(ctx, { table: t.table, parts: [{ index: -1, rows: t }] }, token(b, t.table));
        if (r.size)
          log.error({ table: t.table, err: r.get(-1)?.message, batch: b.seq }, 'derived analytics rows refused by ClickHouse; dropped');
      });
      if (d.feed.active())
        resolved = d.feed.publish({
          scope: `${prefix}-${b.seq}`,
          parts: spans.map((e) => ({ tenant: e.tenant, skeleton: e.result!.derived!.skeleton })),
          capped: derived.capped,
          replayed: b.replayed,
        });
    }
    for (const e of good) {
      const err = refused.get(e.index);
      if (err === undefined) e.done?.resolve();
      else await refuse(b, e, err);
    }
    // the segment goes once the call resolver has written what it derives from it (a crash before replays it)
    if (wal) {
      const w = wal;
      void resolved
        .then(() => w.release(b.seq))
        .catch((e: unknown) => log.error({ err: (e as Error).message }, 'write-ahead log segment not released'));
    }
  }

  /** A request ClickHouse refused: 400 to its client, or (already acknowledged) kept aside in the log's quarantine. */
  async function refuse(b: Batch, e: Entry, err: Error): Promise<void> {
    telemetry.count('argus_rejected_total', { signal: 'ingest', reason: 'refused_by_storage' }, e.rows);
    const why = err.message.split('\n')[0].slice(0, 300);
    if (e.done) return e.done.reject(badRequest(`ClickHouse refused this request's rows: ${why}`, 'INSERT_REFUSED'));
    const file = await wal!.quarantine(b.seq, e.index, why);
    log.error({ file, reason: why }, 'an acknowledged request was refused by ClickHouse; kept in the write-ahead log quarantine');
  }

  /**
   * An acknowledged request whose rows could not be built after its answer (a decoder that failed on the second
   * pass, or decode workers that died on it twice, decode-pool.ts): not inserted; its record stays in the log's quarantine, as a refused one.
   */
  async function lostRows(b: Batch, e: Entry, err: Error): Promise<void> {
    e.ok = false;
    telemetry.count('argus_rejected_total', { signal: 'ingest', reason: 'rows_not_built' }, e.rows);
    const why = err.message.split('\n')[0].slice(0, 300);
    if (e.done) return e.done.reject(err);
    const file = await wal!.quarantine(b.seq, e.index, `rows not built: ${why}`);
    log.error({ file, reason: why }, "an acknowledged request's rows could not be built; kept in the write-ahead log quarantine");
  }

  function add(b: Batch, e: Entry): void {
    if (b.entries.length === 0) b.firstAt = Date.now();
    b.entries.push(e);
    b.rows += e.rows;
    b.bytes += e.bytes;
    pending.add(e.rows, e.bytes);
  }

  /** what an entry counts in its batch and the pending budget, corrected */
  function resize(b: Batch, e: Entry, rows: number, bytes: number): void {
    b.rows += rows - e.rows;
    b.bytes += bytes - e.bytes;
    pending.add(rows - e.rows, bytes - e.bytes);
    e.rows = rows;
    e.bytes = bytes;
  }

  /** an entry whose rows arrive after it joined its batch: the batch and the budget count them as built */
  function built(b: Batch, e: Entry, r: DecodeResult): void {
    resize(b, e, entryRows(r), entryBytes(r));
    e.result = r;
  }

  const task = (req: IngestRequest, limits: TimeLimits): DecodeTask => ({ ...req, limits, maxBodyBytes: config.maxBodyBytes });

  /** the slower of the log and the check decides when the answer goes */
  async function answer(a: Admitted, checked: Decoded, out: IngestResult): Promise<IngestResult> {
    try {
      await a.durable;
    } catch (e) {
      void a.cancel();
      throw e;
    }
    a.acknowledge(checked);
    schedule();
    return { ...out, built: a.ready };
  }

  const batches: AdmissionDeps = {
    join(segment, entry) {
      if (open?.seq !== segment) {
        if (open) void seal(open);
        open = newBatch(segment);
      }
      const b = open;
      add(b, entry);
      schedule(); // may close the batch (open is then undefined)
      return b;
    },
    resize,
    built,
  };

  /** Without the log (ARGUS_INGEST_ACK=stored): answered once the rows are stored. */
  async function acceptStored(req: IngestRequest, decoded: Decoded): Promise<IngestResult> {
    const out = { accepted: decoded.accepted, rejected: decoded.rejected, errors: decoded.errors, tracerDrops: decoded.tracerDrops };
    if (decoded.accepted === 0) return out;
    await pending.room(decoded.accepted, decoded.bytes, () => stopping);
    const result = await decoded.rows;
    const b = (open ??= newBatch(nextSeq++));
    await new Promise<void>((resolve, reject) =>
      add(b, {
        index: b.entries.length,
        tenant: req.tenant,
        result,
        rows: entryRows(result),
        bytes: entryBytes(result),
        ok: true,
        done: { resolve, reject },
      }),
    );
    return out;
  }

  async function replayLog(w: Wal): Promise<void> {
    const segments = await w.recover();
    if (segments.length) log.info({ segments: segments.length }, 'replaying the write-ahead log');
    nextSeq = Math.max(nextSeq, ...segments.map((s) => s.segment + 1));
    for (const seg of segments) {
      const b = newBatch(seg.segment, true);
      for (const [index, rec] of seg.records.entries()) {
        if (seg.skip.has(index)) continue;
        const m = rec.meta as unknown as RecordMetaShape;
        const limits = { minSec: m.l[0], pointsMinSec: m.l[1], maxSec: m.l[2] };
        try {
          const decoded = await pool.decode(task({ signal: m.s, tenant: m.t, format: m.f, encoding: m.e, body: rec.body }, limits));
          const result = await decoded.rows;
          add(b, { index, tenant: m.t, result, rows: entryRows(result), bytes: entryBytes(result), ok: true });
        } catch (e) {
          log.error({ segment: seg.segment, index, err: (e as Error).message }, 'write-ahead log record could not be decoded again');
          await w.quarantine(seg.segment, index, `decode failed on replay: ${(e as Error).message}`);
        }
      }
      await new Promise<void>((r) => {
        b.onDone = r;
        queue.push(b);
        void pump();
      });
    }
  }

  return {
    async accept(req) {
      if (stopping) throw overloaded('collector is shutting down', 5);
      const limits = timeLimits(config.retentionDays);
      const checking = pool.decode(task(req, limits));
      if (!wal) return acceptStored(req, await checking);
      const meta: RecordMetaShape = {
        s: req.signal,
        t: req.tenant,
        f: req.format,
        e: req.encoding,
        l: [limits.minSec, limits.pointsMinSec, limits.maxSec],
      };
      // the append (and its fdatasync) runs beside the check: the answer waits for the slower of the two, not both
      const early = admit(wal, meta as unknown as Record<string, unknown>, req.tenant, req.body, batches);
      let decoded: Decoded;
      try {
        decoded = await checking;
      } catch (e) {
        await early.cancel();
        throw e;
      }
      const out = { accepted: decoded.accepted, rejected: decoded.rejected, errors: decoded.errors, tracerDrops: decoded.tracerDrops };
      if (decoded.accepted === 0) {
        await early.cancel();
        return out;
      }
      if (pending.fits(decoded.accepted, decoded.bytes)) return answer(early, decoded, out);
      // no room now: the early record goes, and the request is appended again once there is room (or refused, 503)
      await early.cancel();
      await pending.room(decoded.accepted, decoded.bytes, () => stopping);
      return answer(admit(wal, meta as unknown as Record<string, unknown>, req.tenant, req.body, batches), decoded, out);
    },
    async start() {
      await registry.load(d.storage);
      // the decode workers load their code meanwhile (seconds from TypeScript sources); until one has, requests are
      // decoded on the main thread (decode-pool.ts)
      if (wal) replay = replayLog(wal).catch((e: unknown) => log.error({ err: (e as Error).message }, 'write-ahead log replay failed'));
    },
    async drain() {
      await replay;
      if (open) await seal(open);
      if (!idle()) await new Promise<void>((r) => idleWaiters.push(r));
    },
    async stop() {
      stopping = true;
      await replay;
      if (open) await seal(open);
      if (!idle()) await new Promise<void>((r) => idleWaiters.push(r));
      await wal?.close();
      await pool.close();
    },
  };
}

function unavailable(e: unknown): ArgusError {
  if (e instanceof ArgusError) return e;
  return new ArgusError('STORAGE_UNAVAILABLE', `storage is unavailable, retry later: ${(e as Error).message}`, 503, 5);
}

/** Runs `fn` over the items two at a time (the embedded engine has two insert connections). */
async function inParallel<T>(items: readonly T[], fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  const lane = async () => {
    while (i < items.length) await fn(items[i++]);
  };
  await Promise.all([lane(), lane()]);
}

export type { TableInsert };
