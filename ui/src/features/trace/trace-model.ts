import type { WaterfallResponse } from '@argus/api';

/**
 * A trace as the waterfall needs it, columnar: span i's fields are entry i of typed arrays (no object per span), the
 * tree as parent indexes plus a depth-first order in which every subtree is one contiguous range. Built in linear
 * time from the API's lean answer (sorting only each span's children by end, for the critical path).
 */
export interface TraceModel {
  traceId: string;
  /** spans (entries in every per-span array) */
  n: number;
  spanId: readonly string[];
  /** parent span index, -1 for a root (no parent, or its parent is not stored) */
  parent: Int32Array;
  serviceName: readonly string[];
  name: readonly string[];
  /** the endpoint of the earliest span without a parent ('' when none): the page's title */
  rootEndpoint: string;
  kind: Uint8Array;
  status: Uint8Array;
  error: Uint8Array;
  /** ms from the trace start */
  startMs: Float64Array;
  endMs: Float64Array;
  durationMs: Float64Array;
  selfMs: Float64Array;
  depth: Int32Array;
  childCount: Int32Array;
  /** span indexes depth first (children by start); spans in a parent cycle are in no tree and left out */
  order: Int32Array;
  /** span index -> position in `order` (-1: in a parent cycle) */
  pos: Int32Array;
  /** position in `order` -> the position after its subtree */
  subtreeEnd: Int32Array;
  /** span i is on the critical path during [cpA[k], cpB[k]] for k in [cpFrom[i], cpTo[i]) (ascending) */
  cpFrom: Int32Array;
  cpTo: Int32Array;
  cpA: Float64Array;
  cpB: Float64Array;
  criticalMs: number;
  /** span indexes that failed, in tree order */
  errors: Int32Array;
  roots: number;
  /** ms from the first start to the last end */
  traceMs: number;
  startNs: bigint;
  /** services in tree order of first appearance */
  services: string[];
  /** the span index of a span id */
  indexOf(spanId: string): number | undefined;
}

/** Builds the tree (orphans become roots), self times and the critical path from the API's waterfall answer. */
export function buildTraceModel(w: WaterfallResponse): TraceModel {
  const n = w.count;
  const s = w.spans;
  const str = w.strings;
  const parent = new Int32Array(n);
  const startMs = new Float64Array(n);
  const durationMs = new Float64Array(n);
  const endMs = new Float64Array(n);
  let sorted = true;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = s.parent[i];
    parent[i] = p >= 0 && p < n && p !== i ? p : -1;
    startMs[i] = s.offsetNs[i] / 1e6;
    durationMs[i] = s.durationNs[i] / 1e6;
    endMs[i] = startMs[i] + durationMs[i];
    if (endMs[i] > total) total = endMs[i];
    if (i > 0 && startMs[i] < startMs[i - 1]) sorted = false;
  }
  // spans by start (ties: answer order); the API answers them so, else sort once
  const byStart = sorted ? null : Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => startMs[a] - startMs[b] || a - b);
  const at = (k: number) => (byStart ? byStart[k] : k);

  // children of each span, by start, as ranges of one array (CSR); roots likewise
  const childCount = new Int32Array(n);
  let roots = 0;
  for (let i = 0; i < n; i++) {
    if (parent[i] >= 0) childCount[parent[i]]++;
    else roots++;
  }
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childStart[i + 1] = childStart[i] + childCount[i];
  const kids = new Int32Array(n);
  const rootList = new Int32Array(roots);
  const fill = childStart.slice(0, n);
  for (let k = 0, r = 0; k < n; k++) {
    const i = at(k);
    if (parent[i] >= 0) kids[fill[parent[i]]++] = i;
    else rootList[r++] = i;
  }

  // depth first from the roots: order, depth, subtree ranges
  const order = new Int32Array(n);
  const pos = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const subtreeEnd = new Int32Array(n);
  const stack = new Int32Array(n);
  let len = 0;
  let top = 0;
  for (let r = roots - 1; r >= 0; r--) stack[top++] = rootList[r];
  while (top > 0) {
    const i = stack[--top];
    pos[i] = len;
    order[len++] = i;
    depth[i] = parent[i] >= 0 ? depth[parent[i]] + 1 : 0;
    for (let c = childStart[i + 1] - 1; c >= childStart[i]; c--) stack[top++] = kids[c];
  }
  for (let p = len - 1; p >= 0; p--) {
    const i = order[p];
    subtreeEnd[p] = childCount[i] ? subtreeEnd[pos[kids[childStart[i + 1] - 1]]] : p + 1;
  }

  // self time: the duration minus the union of the children's time inside the span (children come by start)
  const selfMs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let covered = 0;
    let curA = -Infinity;
    let curB = -Infinity;
    for (let c = childStart[i]; c < childStart[i + 1]; c++) {
      const a = Math.max(startMs[kids[c]], startMs[i]);
      const b = Math.min(endMs[kids[c]], endMs[i]);
      if (b <= a) continue;
      if (a > curB) {
        if (curB > curA) covered += curB - curA;
        curA = a;
        curB = b;
      } else if (b > curB) curB = b;
    }
    if (curB > curA) covered += curB - curA;
    selfMs[i] = Math.max(0, durationMs[i] - covered);
  }

  const cp = criticalPath({ n, startMs, endMs, childStart, kids, rootList });
  const errors: number[] = [];
  const services: string[] = [];
  const seenService = new Uint8Array(str.length);
  for (let p = 0; p < len; p++) {
    const i = order[p];
    if (s.error[i]) errors.push(i);
    const k = s.service[i];
    if (!seenService[k]) {
      seenService[k] = 1;
      services.push(str[k]);
    }
  }
  let ids: Map<string, number> | undefined;
  return {
    traceId: w.traceId,
    n,
    spanId: s.spanId,
    parent,
    serviceName: s.service.map((k) => str[k]),
    name: s.name.map((k) => str[k]),
    rootEndpoint: w.rootEndpoint,
    kind: Uint8Array.from(s.kind),
    status: Uint8Array.from(s.status),
    error: Uint8Array.from(s.error),
    startMs,
    endMs,
    durationMs,
    selfMs,
    depth,
    childCount,
    order: len === n ? order : order.slice(0, len),
    pos,
    subtreeEnd: len === n ? subtreeEnd : subtreeEnd.slice(0, len),
    ...cp,
    errors: Int32Array.from(errors),
    roots,
    traceMs: total,
    startNs: BigInt(w.startTimeUnixNano),
    services,
    indexOf(spanId) {
      ids ??= new Map(s.spanId.map((id, i) => [id, i]));
      return ids.get(spanId);
    },
  };
}

interface CpInput {
  n: number;
  startMs: Float64Array;
  endMs: Float64Array;
  childStart: Int32Array;
  kids: Int32Array;
  rootList: Int32Array;
}

/**
 * Critical path: walking back from a span's end, the last-finishing child is what the span waited for; the time
 * between children is the span's own (the Jaeger / Uber CRISP definition). Each span is visited at most once; its
 * intervals are stored contiguously, ascending.
 */
function criticalPath({ n, startMs, endMs, childStart, kids, rootList }: CpInput) {
  const cpFrom = new Int32Array(n);
  const cpTo = new Int32Array(n);
  // a span has at most (its children + 1) intervals: 2n in all
  const cpA = new Float64Array(2 * n + 2);
  const cpB = new Float64Array(2 * n + 2);
  let m = 0;
  // each span is on the work stack at most once; a span's intervals are at most its children + 1
  const workSpan = new Int32Array(n);
  const workEnd = new Float64Array(n);
  let top = 0;
  const byEnd = new Int32Array(n);
  const tmpA = new Float64Array(n + 1);
  const tmpB = new Float64Array(n + 1);
  for (const r of rootList) {
    workSpan[top] = r;
    workEnd[top++] = endMs[r];
  }
  let criticalMs = 0;
  while (top > 0) {
    const w = workSpan[--top];
    let cursor = Math.min(endMs[w], workEnd[top]);
    const c0 = childStart[w];
    const k = childStart[w + 1] - c0;
    if (k <= 16) {
      // latest end first, ties in start order (the children come by start; both sorts are stable); insertion sort
      // for the usual few children: a sort call with a comparator costs ~10 us
      for (let j = 0; j < k; j++) {
        const c = kids[c0 + j];
        let h = j;
        for (; h > 0 && endMs[byEnd[h - 1]] < endMs[c]; h--) byEnd[h] = byEnd[h - 1];
        byEnd[h] = c;
      }
    } else {
      const sortedKids = Array.from(kids.subarray(c0, c0 + k)).sort((a, b) => endMs[b] - endMs[a]);
      for (let j = 0; j < k; j++) byEnd[j] = sortedKids[j];
    }
    let t = 0;
    for (let j = 0; j < k; j++) {
      const c = byEnd[j];
      if (cursor <= startMs[w]) break;
      if (startMs[c] >= cursor) continue;
      const childEnd = Math.min(endMs[c], cursor);
      if (childEnd < cursor) {
        tmpA[t] = childEnd;
        tmpB[t++] = cursor;
      }
      workSpan[top] = c;
      workEnd[top++] = childEnd;
      cursor = Math.max(startMs[c], startMs[w]);
    }
    if (cursor > startMs[w]) {
      tmpA[t] = startMs[w];
      tmpB[t++] = cursor;
    }
    cpFrom[w] = m;
    for (let j = t - 1; j >= 0; j--) {
      cpA[m] = tmpA[j];
      cpB[m++] = tmpB[j];
      criticalMs += tmpB[j] - tmpA[j];
    }
    cpTo[w] = m;
  }
  return { cpFrom, cpTo, cpA, cpB, criticalMs };
}

/** Rows shown for a set of collapsed spans (span indexes): depth first, skipping collapsed subtrees. O(rows shown). */
export function visibleRows(model: TraceModel, collapsed: ReadonlySet<number>): Int32Array {
  if (collapsed.size === 0) return model.order;
  const out = new Int32Array(model.order.length);
  let len = 0;
  for (let p = 0; p < model.order.length;) {
    const i = model.order[p];
    out[len++] = i;
    p = collapsed.has(i) && model.childCount[i] ? model.subtreeEnd[p] : p + 1;
  }
  return out.subarray(0, len);
}

/** Spans below a span (all depths). */
export const descendants = (model: TraceModel, i: number) => (model.pos[i] < 0 ? 0 : model.subtreeEnd[model.pos[i]] - model.pos[i] - 1);

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

/** 10000 -> "10,000" without Intl: the page's first toLocaleString call loads ICU data (~30-100 ms in Chromium here). */
export const groupDigits = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A stable color per service within a trace (order of first appearance). */
export function serviceColors(services: string[]): Map<string, string> {
  return new Map(services.map((s, i) => [s, PALETTE[i % PALETTE.length]]));
}
