/**
 * The call resolver on a thread of its own (ARGUS_ANALYTICS_RESOLVER=on, the default). Same resolver, same rows and
 * the same acknowledgements to the span feed as on the main thread (`main`); what moves is its CPU and, above all,
 * its memory: the recent traces it keeps for seconds are what made the main thread's scavenges take 5-20 ms, in
 * front of the ingest acknowledgements (issue 19). The main thread copies each stored batch's skeleton bytes to the
 * thread, runs the thread's storage requests, and drives it from the job runner (`tick`).
 *
 * A thread that dies is started again at the next tick and gets every batch it had not acknowledged, marked replayed
 * (it may have written part of them: replayed batches are reconciled against storage, so nothing counts twice).
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { StoredSpans } from '../../ingest/span-feed.js';
import { siblingModule, workerEntry } from '../../threads/worker-entry.js';
import { emptyStats, type Resolver, type ResolverDeps } from '../resolver/resolver.js';
import { fromWire, type BatchMessage, type FromThread, type ResolverThreadInit, type ThreadMemory, type ToThread } from './protocol.js';
import { serveStorage } from './storage-port.js';

const LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** A log line of the thread's pino, written through the main thread's logger. */
function forwardLog(log: Logger, line: string): void {
  try {
    const { level, msg, time: _t, pid: _p, hostname: _h, ...rest } = JSON.parse(line) as Record<string, unknown>;
    log[LEVELS[level as number] ?? 'info'](rest, typeof msg === 'string' ? msg : '');
  } catch {
    log.info(line.trim());
  }
}

function batchMessage(id: number, b: StoredSpans, replayed = b.replayed): BatchMessage {
  return {
    t: 'batch',
    id,
    scope: b.scope,
    replayed,
    capped: [...b.capped],
    // a copy of exactly the records (the decoders' buffers may be views on larger ones), handed over
    parts: b.parts.map((p) => ({
      tenant: p.tenant,
      records: new Uint8Array(p.skeleton.records),
      strings: p.skeleton.strings,
      count: p.skeleton.count,
    })),
  };
}

export interface ThreadedResolver extends Resolver {
  /** ends the thread as a crash would (tests): the next tick starts another and hands it what was not acknowledged */
  crash(): Promise<void>;
}

export function createThreadedResolver(d: ResolverDeps & { logLevel?: string }): ThreadedResolver {
  const log = d.log.child({ thread: 'resolver' });
  const init: ResolverThreadInit = { config: d.config, stateDir: d.stateDir, logLevel: d.logLevel ?? d.log.level };
  const entry = workerEntry(siblingModule('resolver-worker', import.meta.url));
  const stats = emptyStats();
  let memory: ThreadMemory = { heap: 0, external: 0 };
  /** batches handed to the thread and not acknowledged yet, oldest first */
  const unacked = new Map<number, { batch: StoredSpans; at: number; ack: () => void }>();
  const calls = new Map<number, { resolve(): void; reject(e: Error): void }>();
  let nextId = 0;
  let worker: Worker | undefined;
  let ready: Promise<void> = Promise.resolve();
  let stopped = false;

  const send = (m: ToThread, transfer: ArrayBuffer[] = []) => worker?.postMessage(m, transfer);
  const post = (id: number, b: StoredSpans, replayed?: boolean) => {
    const m = batchMessage(id, b, replayed);
    send(
      m,
      m.parts.map((p) => p.records.buffer as ArrayBuffer),
    );
  };
  /** referenced only while the main thread waits for it (a tick or the stop): it never keeps the process alive */
  const refresh = () => (calls.size > 0 ? worker?.ref() : worker?.unref());

  function start(): void {
    const w = new Worker(entry.code, { eval: true, workerData: init });
    worker = w;
    w.unref();
    ready = new Promise<void>((resolve) => {
      w.once('message', () => resolve());
      w.once('exit', () => resolve());
    });
    w.on('message', (m: FromThread) => {
      switch (m.t) {
        case 'acked': {
          const u = unacked.get(m.id);
          unacked.delete(m.id);
          u?.ack();
          return;
        }
        case 'done': {
          Object.assign(stats, m.stats);
          memory = m.memory;
          const c = calls.get(m.id);
          calls.delete(m.id);
          refresh();
          if (m.error) c?.reject(fromWire(m.error));
          else c?.resolve();
          return;
        }
        case 'log':
          forwardLog(log, m.line);
          return;
        case 'query':
        case 'insert':
          void serveStorage(w, d.storage, m);
          return;
      }
    });
    w.on('error', (e) => log.error({ err: e.message }, 'call resolver thread failed'));
    w.on('exit', (code) => lost(w, code));
  }

  /** the thread ended (crashed, or terminated): what waits for it fails; the next tick starts another */
  function lost(w: Worker, code: number): void {
    if (worker !== w) return;
    worker = undefined;
    for (const c of calls.values()) c.reject(new Error(`the call resolver thread exited (code ${code})`));
    calls.clear();
    if (!stopped) log.error({ code, unacknowledged: unacked.size }, 'call resolver thread exited; started again at the next tick');
  }

  function call(m: { t: 'tick'; now?: number } | { t: 'stop' }): Promise<void> {
    const id = ++nextId;
    return new Promise<void>((resolve, reject) => {
      calls.set(id, { resolve, reject });
      refresh();
      send({ ...m, id });
    });
  }

  d.feed.subscribe(
    (batch) =>
      new Promise<void>((ack) => {
        const id = ++nextId;
        unacked.set(id, { batch, at: Date.now(), ack });
        if (worker) post(id, batch);
      }),
  );
  const t = d.telemetry;
  const oldest = () => unacked.values().next().value?.at;
  t?.gauge('argus_resolver_lag_seconds', {}, () => {
    const at = oldest();
    return at === undefined ? 0 : (Date.now() - at) / 1000;
  });
  t?.gauge('argus_resolver_traces_in_memory', {}, () => stats.tracesInMemory);
  t?.gauge('argus_resolver_pending_traces', {}, () => stats.pendingTraces);
  t?.gauge('argus_resolver_memory_bytes', { kind: 'heap' }, () => memory.heap);
  t?.gauge('argus_resolver_memory_bytes', { kind: 'external' }, () => memory.external);
  start();

  return {
    stats,
    async tick(now) {
      if (stopped) return;
      if (!worker) {
        start();
        // what the last thread had not acknowledged: it may have written part of it
        for (const [id, u] of unacked) post(id, u.batch, true);
      }
      await ready;
      await call(now === undefined ? { t: 'tick' } : { t: 'tick', now });
      const at = oldest();
      stats.lagMs = at === undefined ? 0 : Date.now() - at;
    },
    async crash() {
      const w = worker;
      if (w) lost(w, await w.terminate());
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const w = worker;
      if (!w) return;
      try {
        await ready;
        await call({ t: 'stop' });
      } finally {
        worker = undefined;
        await w.terminate();
      }
    },
  };
}
