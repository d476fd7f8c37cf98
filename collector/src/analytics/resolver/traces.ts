/**
 * The resolver's memory: traces that got spans recently, with their spans and the calls already written for them
 * (net, per identity). A trace leaves memory once nothing about it is expected soon (every call final and
 * `hotMs` since its last span, or `waitMs` when something is still missing); if it still has a client span
 * waiting out the grace period, only its key and due time stay (`pending`), and it is read back when due.
 */
import { ENTRY_KINDS, ZERO_SPAN_ID, type CallRow, type ResolverSpan } from './types.js';
import type { PackedSpans } from './packed.js';
import { callKey, type NetCall, type SignedCall } from './reconcile.js';

export interface Emitted {
  row: CallRow;
  n: number;
}

export interface TraceState {
  key: string;
  tenant: string;
  traceId: string;
  spans: Map<string, ResolverSpan>;
  emitted: Map<string, Emitted>;
  /**
   * the rows of the trace's first write, not yet keyed into `emitted`: most traces leave memory without another
   * write, so their rows' keys are made only when one comes (keyed())
   */
  first: SignedCall[] | undefined;
  /** the spans as records between the batches that touch the trace (packed.ts); `spans` is empty meanwhile */
  packed: PackedSpans | undefined;
  lastArrival: number;
  /** when a waiting client span's grace period ends (Infinity: nothing waits) */
  due: number;
}

export const traceKey = (tenant: string, traceId: string) => `${tenant}\u0001${traceId}`;

export function newTrace(tenant: string, traceId: string, now: number): TraceState {
  return {
    key: traceKey(tenant, traceId),
    tenant,
    traceId,
    spans: new Map(),
    emitted: new Map(),
    first: undefined,
    packed: undefined,
    lastArrival: now,
    due: Infinity,
  };
}

/** Adds spans (a span id already there keeps its first copy: a re-sent span changes nothing). */
export function addSpans(t: TraceState, spans: readonly ResolverSpan[]): void {
  for (const s of spans) if (!t.spans.has(s.spanId)) t.spans.set(s.spanId, s);
}

/** The net emitted rows as reconcile() reads them, with their keys. */
export function current(t: TraceState): NetCall[] {
  keyed(t);
  const out: NetCall[] = [];
  t.emitted.forEach((e, key) => out.push({ row: e.row, net: e.n, key }));
  return out;
}

/** Applies written rows (+1 / -1) to the trace's emitted set. */
export function applyRows(t: TraceState, rows: readonly SignedCall[]): void {
  if (rows.length === 0) return;
  // reconcile's rows for a trace with nothing written (all +1, unkeyed): kept as they are until needed
  if (rows[0].key === undefined && t.first === undefined && t.emitted.size === 0) {
    t.first = rows as SignedCall[];
    return;
  }
  keyed(t);
  add(t, rows);
}

function add(t: TraceState, rows: readonly SignedCall[]): void {
  for (const r of rows) {
    const k = r.key ?? (r.key = callKey(r));
    const e = t.emitted.get(k);
    if (e === undefined) t.emitted.set(k, { row: r, n: r.sign });
    else {
      e.n += r.sign;
      if (e.n === 0) t.emitted.delete(k);
    }
  }
}

/** The first write's rows, keyed into `emitted`. */
function keyed(t: TraceState): void {
  const rows = t.first;
  if (rows === undefined) return;
  t.first = undefined;
  add(t, rows);
}

/**
 * Nothing about the trace is expected: every call final, no client span waiting, and every server span's caller
 * present (a server span whose client span has not arrived may still be answered by it).
 */
export function complete(t: TraceState): boolean {
  if (t.due !== Infinity) return false;
  for (const e of t.emitted.values()) if (e.row.provisional && e.row.calleeType === 'service') return false;
  if (t.first) for (const r of t.first) if (r.provisional && r.calleeType === 'service') return false;
  for (const s of t.spans.values()) {
    if (ENTRY_KINDS.has(s.kind) && s.parentSpanId !== ZERO_SPAN_ID && !t.spans.has(s.parentSpanId)) return false;
  }
  return true;
}
