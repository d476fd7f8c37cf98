/**
 * Joins the tracers' requests into fewer, larger forwards: OTLP protobuf requests of one type concatenate into one
 * valid request (their repeated resource entries add up). A forward holds up to `maxSpans` spans or `maxBytes`, or
 * what arrived within `maxDelayMs`, so the agent's one-at-a-time sender and the collector's batch window (it answers
 * once the rows are stored; small requests wait for the window) move many tracer requests per round trip.
 * Memory is bounded: beyond `maxPendingBytes` held or being forwarded, and while a failed forward waits for its
 * retry, add() refuses (the intake answers 503 + Retry-After and the tracer keeps or retries its data).
 */
import { createProtoWriter, type ProtoWriter } from '@argus/otlp-wire';
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
  /**
   * Copies `body` (one rewritten request) into the forward being joined; false when the intake must refuse (held
   * bytes over the bound, or a forward waiting for its retry).
   */
  add(kind: SignalKind, body: Uint8Array, spans: Map<string, number>, spanCount: number): boolean;
  /** seconds a refused tracer should wait */
  retryAfterSeconds(): number;
  /** forwards what is held now; resolves when every forward settled */
  flush(): Promise<void>;
  pendingBytes(): number;
}

interface Held {
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
  /** one writer per kind, its buffers recycled once a forward settled (fresh megabytes cost page faults) */
  const writers = { traces: createProtoWriter(256 * 1024), metrics: createProtoWriter(64 * 1024) } satisfies Record<
    SignalKind,
    ProtoWriter
  >;
  let inForward = 0;
  let refuseUntil = 0;
  const settling = new Set<Promise<void>>();
  const heldBytes = () => writers.traces.length + writers.metrics.length;

  const send = (batch: CoalescedBatch, attempt: number) => {
    inForward += batch.body.length;
    const p = forward(batch.kind, batch.body).then(
      () => {
        inForward -= batch.body.length;
        writers[batch.kind].recycle(batch.body);
      },
      (err: unknown) => {
        inForward -= batch.body.length;
        if (attempt >= opts.maxAttempts) {
          onDropped(batch, err);
          writers[batch.kind].recycle(batch.body);
          return;
        }
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
    send({ kind, body: writers[kind].detach(), spans: h.spans }, 1);
  };

  return {
    add(kind, body, spans, spanCount) {
      if (Date.now() < refuseUntil || heldBytes() + inForward + body.length > opts.maxPendingBytes) return false;
      let h = held.get(kind);
      if (!h) {
        h = { spans: new Map(), spanCount: 0 };
        held.set(kind, h);
        h.timer = setTimeout(() => cut(kind), opts.maxDelayMs);
        h.timer.unref();
      }
      writers[kind].raw(body);
      h.spanCount += spanCount;
      for (const [service, n] of spans) h.spans.set(service, (h.spans.get(service) ?? 0) + n);
      if (h.spanCount >= opts.maxSpans || writers[kind].length >= opts.maxBytes) cut(kind);
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
