import type { TraceSpan } from '../../api/types';

/** A span placed in the waterfall: times relative to the trace start (ms), tree links, self time. */
export interface WSpan {
  span: TraceSpan;
  id: string;
  index: number;
  parent: WSpan | null;
  children: WSpan[];
  depth: number;
  startMs: number;
  endMs: number;
  durationMs: number;
  selfMs: number;
  error: boolean;
  /** intervals [start, end] (ms from trace start) where this span is on the critical path */
  critical: Array<[number, number]>;
}

export interface TraceModel {
  spans: WSpan[];
  byId: Map<string, WSpan>;
  roots: WSpan[];
  durationMs: number;
  startNs: bigint;
  services: string[];
  /** span ids in depth-first order */
  order: WSpan[];
  errors: WSpan[];
  criticalMs: number;
}

const nsToMs = (ns: bigint) => Number(ns) / 1e6;

/** Builds the tree (orphans become roots), self times and the critical path from the API's flat span list. */
export function buildTraceModel(spans: TraceSpan[]): TraceModel {
  let startNs = spans.length ? BigInt(spans[0].startTimeUnixNano) : 0n;
  for (const s of spans) {
    const ns = BigInt(s.startTimeUnixNano);
    if (ns < startNs) startNs = ns;
  }
  const byId = new Map<string, WSpan>();
  const list: WSpan[] = spans.map((span, index) => {
    const startMs = nsToMs(BigInt(span.startTimeUnixNano) - startNs);
    const durationMs = span.durationNs / 1e6;
    const w: WSpan = {
      span,
      id: span.spanId,
      index,
      parent: null,
      children: [],
      depth: 0,
      startMs,
      endMs: startMs + durationMs,
      durationMs,
      selfMs: durationMs,
      error: span.hasError,
      critical: [],
    };
    byId.set(span.spanId, w);
    return w;
  });
  const roots: WSpan[] = [];
  for (const w of list) {
    const p = w.span.parentSpanId ? byId.get(w.span.parentSpanId) : undefined;
    if (p && p !== w) {
      w.parent = p;
      p.children.push(w);
    } else roots.push(w);
  }
  const byStart = (a: WSpan, b: WSpan) => a.startMs - b.startMs || a.index - b.index;
  roots.sort(byStart);
  const order: WSpan[] = [];
  const stack = [...roots].reverse();
  const seen = new Set<WSpan>();
  while (stack.length) {
    const w = stack.pop()!;
    if (seen.has(w)) continue; // a parent cycle in bad data
    seen.add(w);
    w.depth = w.parent ? w.parent.depth + 1 : 0;
    order.push(w);
    w.children.sort(byStart);
    for (let i = w.children.length - 1; i >= 0; i--) stack.push(w.children[i]);
  }
  for (const w of order) w.selfMs = selfTime(w);
  const durationMs = Math.max(0, ...list.map((w) => w.endMs));
  let criticalMs = 0;
  for (const r of roots) criticalPath(r, r.endMs, seen);
  for (const w of order) for (const [a, b] of w.critical) criticalMs += b - a;
  const services = [...new Set(order.map((w) => w.span.service))];
  return { spans: list, byId, roots, durationMs, startNs, services, order, errors: order.filter((w) => w.error), criticalMs };
}

/** The span's duration minus the union of its children's time inside it. */
export function selfTime(w: WSpan): number {
  if (w.children.length === 0) return w.durationMs;
  const iv = w.children
    .map((c) => [Math.max(c.startMs, w.startMs), Math.min(c.endMs, w.endMs)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let curA = -Infinity;
  let curB = -Infinity;
  for (const [a, b] of iv) {
    if (a > curB) {
      if (curB > curA) covered += curB - curA;
      curA = a;
      curB = b;
    } else curB = Math.max(curB, b);
  }
  if (curB > curA) covered += curB - curA;
  return Math.max(0, w.durationMs - covered);
}

/**
 * Critical path: walking back from the span's end, the last-finishing child is what the span waited for; the time
 * between children is the span's own. Marks intervals on each span (the Jaeger / Uber CRISP definition).
 */
function criticalPath(root: WSpan, endCursor: number, valid: Set<WSpan>): void {
  const work: Array<[WSpan, number]> = [[root, endCursor]];
  while (work.length) {
    const [w, end] = work.pop()!;
    let cursor = Math.min(w.endMs, end);
    const kids = w.children.filter((c) => valid.has(c)).sort((a, b) => b.endMs - a.endMs);
    const pushed: Array<[WSpan, number]> = [];
    for (const c of kids) {
      if (cursor <= w.startMs) break;
      if (c.startMs >= cursor) continue;
      const childEnd = Math.min(c.endMs, cursor);
      if (childEnd < cursor) w.critical.push([childEnd, cursor]);
      pushed.push([c, childEnd]);
      cursor = Math.max(c.startMs, w.startMs);
    }
    if (cursor > w.startMs) w.critical.push([w.startMs, cursor]);
    w.critical.sort((a, b) => a[0] - b[0]);
    for (const p of pushed) work.push(p);
  }
}

/** Rows shown for a set of collapsed span ids: depth-first, skipping collapsed subtrees. */
export function visibleRows(model: TraceModel, collapsed: ReadonlySet<string>): WSpan[] {
  if (collapsed.size === 0) return model.order;
  const out: WSpan[] = [];
  let skipDepth = Infinity;
  for (const w of model.order) {
    if (w.depth > skipDepth) continue;
    skipDepth = Infinity;
    out.push(w);
    if (collapsed.has(w.id) && w.children.length) skipDepth = w.depth;
  }
  return out;
}

const PALETTE = [
  '#3b82f6',
  '#10b981',
  '#f59e0b',
  '#8b5cf6',
  '#06b6d4',
  '#ec4899',
  '#84cc16',
  '#f97316',
  '#6366f1',
  '#14b8a6',
  '#a855f7',
  '#eab308',
];

/** A stable color per service within a trace (order of first appearance). */
export function serviceColors(services: string[]): Map<string, string> {
  return new Map(services.map((s, i) => [s, PALETTE[i % PALETTE.length]]));
}
