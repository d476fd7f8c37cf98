import type { TracerLog } from '../log.js';
import type { SpanEncoder } from '../otlp/span-encoder.js';
import type { PostResult, Transport } from '../otlp/transport.js';
import type { TracerStats } from '../stats.js';
import type { LeanSpan } from './span.js';
import type { LeanTracer, SpanSink } from './tracer.js';

export interface BufferOptions {
  /** export at least this often (ms) */
  flushMs: number;
  /** spans per export request; a full request is sent at once */
  maxBatch: number;
  /** spans held (waiting for encoding, encoded and waiting to be sent); beyond it new spans are dropped and counted */
  maxQueue: number;
  /** export requests in flight at once */
  maxInFlight: number;
  /** attempts per request when the target answers 429/502-504 or the network fails */
  maxAttempts: number;
  /** ended spans encoded per step, outside the request that ended them */
  encodeEvery: number;
}

export interface SpanBuffer extends SpanSink {
  /** encodes and sends everything held; resolves when every export has settled */
  flush: () => Promise<void>;
  shutdown: () => Promise<void>;
}

interface Request {
  body: Buffer;
  spans: number;
  attempts: number;
}

/**
 * Where ended spans go. onEnd() is a bounds check and an array push (onto the span's tracer's list); every
 * `encodeEvery` spans a setImmediate step encodes them into the request being built (outside the tick of the
 * request that ended them, and while the span objects are still young, so they die in the nursery), and a request
 * is cut when it holds `maxBatch` spans or every `flushMs`. Up to `maxInFlight` requests are in flight; a request
 * refused with 429/502-504 or lost on the network is tried again after Retry-After (at most `maxAttempts` times).
 * Memory is bounded: at most `maxQueue` spans wait (as objects or encoded bytes) plus the requests in flight;
 * every span dropped is counted by reason (queue_full, export_failed).
 */
export function createSpanBuffer(
  tracers: readonly LeanTracer[],
  encoder: SpanEncoder,
  transport: Transport,
  opts: BufferOptions,
  stats: TracerStats,
  log: TracerLog,
): SpanBuffer {
  /** spans ended and not yet handed to the transport (objects + encoded) */
  let held = 0;
  let unencoded = 0;
  /** spans in the request being built */
  let building = 0;
  const ready: Request[] = [];
  let inFlight = 0;
  let encodeScheduled = false;
  let closed = false;
  const waiters: Array<() => void> = [];

  const settle = () => {
    if (inFlight === 0 && held === 0) for (const w of waiters.splice(0)) w();
  };

  const encode = () => {
    encodeScheduled = false;
    if (unencoded === 0) return;
    try {
      building += encoder.append(tracers);
    } catch (err) {
      // an encoder bug must not grow memory: what was built is dropped and counted
      log.warnOnce('ENCODE_FAILED', `span encoding failed, spans dropped: ${(err as Error).message}`);
      encoder.recycle(encoder.take());
      for (const t of tracers) t.ended = [];
      stats.droppedExportFailed += building + unencoded;
      held -= building + unencoded;
      building = 0;
    }
    unencoded = 0;
    if (building >= opts.maxBatch) cut();
  };

  const cut = () => {
    if (building === 0) return;
    ready.push({ body: encoder.take(), spans: building, attempts: 0 });
    building = 0;
    pump();
  };

  const pump = () => {
    while (inFlight < opts.maxInFlight && ready.length > 0) send(ready.shift()!);
    settle();
  };

  const send = (req: Request) => {
    inFlight++;
    held -= req.spans;
    req.attempts++;
    void transport.post('/v1/traces', req.body).then((r) => done(req, r));
  };

  const done = (req: Request, r: PostResult) => {
    if (r.ok) {
      inFlight--;
      stats.exported += req.spans;
      encoder.recycle(req.body);
      return pump();
    }
    if (r.retry && req.attempts < opts.maxAttempts && !closed) {
      // keep the slot: while the target is overloaded, fewer requests hit it and the queue bound does the dropping
      const wait = Math.min(5000, Math.max(200, r.retryAfterMs ?? 1000));
      log.debug(`span export refused (${r.error.message}), retrying in ${wait} ms`);
      setTimeout(() => {
        req.attempts++;
        void transport.post('/v1/traces', req.body).then((r2) => done(req, r2));
      }, wait).unref();
      return;
    }
    inFlight--;
    stats.droppedExportFailed += req.spans;
    encoder.recycle(req.body);
    log.warnOnce('EXPORT_FAILED', `span export failed, spans are dropped while it fails: ${r.error.message}`);
    pump();
  };

  const flush = () =>
    new Promise<void>((resolve) => {
      waiters.push(resolve);
      flushAll();
      settle();
    });
  const flushAll = () => {
    encode();
    cut();
  };
  const timer = setInterval(() => {
    if (held > 0) flushAll();
  }, opts.flushMs);
  timer.unref();

  return {
    onEnd(span: LeanSpan) {
      if (closed) return;
      if (held >= opts.maxQueue) {
        stats.droppedQueueFull++;
        return;
      }
      held++;
      unencoded++;
      span.tracer.ended.push(span);
      if (unencoded >= opts.encodeEvery && !encodeScheduled) {
        encodeScheduled = true;
        setImmediate(encode);
      }
    },
    flush,
    async shutdown() {
      clearInterval(timer);
      await flush();
      closed = true;
    },
  };
}
