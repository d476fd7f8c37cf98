/**
 * Joins the tracers' requests into fewer, larger forwards: OTLP protobuf requests of one type concatenate into one
 * valid request (their repeated resource entries add up). A forward holds up to `maxSpans` spans or `maxBytes`, or
 * what arrived within `maxDelayMs`, so the agent's one-at-a-time sender and the collector's batch window (it answers
 * once the rows are stored; small requests wait for the window) move many tracer requests per round trip.
 * Memory is bounded: beyond `maxPendingBytes` held or being forwarded, and while a failed forward waits for its
 * retry, add() refuses (the intake answers 503 + Retry-After and the tracer keeps or retries its data).
 */
import type { SignalKind } from './types.js';

export interface CoalesceOptions {
  maxSpans: number;
  maxBytes: number;
  maxDelayMs: number;
  maxPendingBytes: number;
  /** attempts per forward before its spans are dropped */
  maxAttempts: number;
}

export interface CoalescedBatch {
  kind: SignalKind;
  body: Buffer;
  /** spans per service */
  spans: Map<string, number>;
}

export interface Coalescer {
  /** false when the intake must refuse (held bytes over the bound, or a forward waiting for its retry) */
  add(kind: SignalKind, body: Buffer, spans: Map<string, number>, spanCount: number): boolean;
  /** seconds a refused tracer should wait */
  retryAfterSeconds(): number;
  /** forwards what is held now; resolves when every forward settled */
  flush(): Promise<void>;
  pendingBytes(): number;
}

interface Held {
  chunks: Buffer[];
  bytes: number;
  spans: Map<string, number>;
  spanCount: number;
  timer?: NodeJS.Timeout;
}

type ForwardError = { retryAfterSeconds?: number } | undefined;

export function createCoalescer(
  forward: (kind: SignalKind, body: Uint8Array) => Promise<void>,
  opts: CoalesceOptions,
  onDropped: (batch: CoalescedBatch, err: unknown) => void,
): Coalescer {
  const held = new Map<SignalKind, Held>();
  let inForward = 0;
  let refuseUntil = 0;
  const settling = new Set<Promise<void>>();
  const heldBytes = () => [...held.values()].reduce((n, h) => n + h.bytes, 0);

  const send = (batch: CoalescedBatch, attempt: number) => {
    inForward += batch.body.length;
    const p = forward(batch.kind, batch.body).then(
      () => {
        inForward -= batch.body.length;
      },
      (err: unknown) => {
        inForward -= batch.body.length;
        if (attempt >= opts.maxAttempts) return onDropped(batch, err);
        const wait = Math.min(30, Math.max(1, (err as ForwardError)?.retryAfterSeconds ?? 1));
        refuseUntil = Math.max(refuseUntil, Date.now() + wait * 1000);
        inForward += batch.body.length; // still held while it waits
        setTimeout(() => {
          inForward -= batch.body.length;
          send(batch, attempt + 1);
        }, wait * 1000).unref();
      },
    );
    settling.add(p);
    void p.finally(() => settling.delete(p));
  };

  const cut = (kind: SignalKind) => {
    const h = held.get(kind);
    if (!h) return;
    held.delete(kind);
    clearTimeout(h.timer);
    send({ kind, body: h.chunks.length === 1 ? h.chunks[0] : Buffer.concat(h.chunks, h.bytes), spans: h.spans }, 1);
  };

  return {
    add(kind, body, spans, spanCount) {
      if (Date.now() < refuseUntil || heldBytes() + inForward + body.length > opts.maxPendingBytes) return false;
      let h = held.get(kind);
      if (!h) {
        h = { chunks: [], bytes: 0, spans: new Map(), spanCount: 0 };
        held.set(kind, h);
        h.timer = setTimeout(() => cut(kind), opts.maxDelayMs);
        h.timer.unref();
      }
      h.chunks.push(body);
      h.bytes += body.length;
      h.spanCount += spanCount;
      for (const [service, n] of spans) h.spans.set(service, (h.spans.get(service) ?? 0) + n);
      if (h.spanCount >= opts.maxSpans || h.bytes >= opts.maxBytes) cut(kind);
      return true;
    },
    retryAfterSeconds: () => Math.max(1, Math.ceil((refuseUntil - Date.now()) / 1000)),
    async flush() {
      for (const kind of [...held.keys()]) cut(kind);
      while (settling.size > 0) await Promise.allSettled([...settling]);
    },
    pendingBytes: () => heldBytes() + inForward,
  };
}
