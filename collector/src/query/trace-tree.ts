import type { Span, TraceResponse, TraceSpan, TreeSpan } from '@argus/api';

export interface TreeOptions {
  /** also answer the spans nested under `children` (`tree`): the same spans a second time, so only on request */
  tree?: boolean;
}

/**
 * The flat span list (plus endpoint, the entities it ran on (agent entity id formats), offset, depth and child
 * ids) and, with `tree`, the same spans as a tree ordered by start. Linear apart from sorting each span's children:
 * start times are parsed once per span (a 10,000-span trace is answered whole).
 */
export function buildTree(spans: Span[], endpoints: Map<string, string>, o: TreeOptions = {}): Omit<TraceResponse, 'traceId'> {
  // one entry per span id (a span stored twice counts once: its position first seen, its last row)
  const at = new Map<string, number>();
  const unique: Span[] = [];
  for (const s of spans) {
    const i = at.get(s.spanId);
    if (i === undefined) {
      at.set(s.spanId, unique.length);
      unique.push(s);
    } else unique[i] = s;
  }
  const n = unique.length;
  const starts = new Array<bigint>(n);
  let start = BigInt(unique[0].startTimeUnixNano);
  let end = 0n;
  for (let i = 0; i < n; i++) {
    const st = BigInt(unique[i].startTimeUnixNano);
    const en = BigInt(unique[i].endTimeUnixNano);
    starts[i] = st;
    if (st < start) start = st;
    if (en > end) end = en;
  }
  const flat: TraceSpan[] = unique.map((s, i) =>
    traceSpan(s, endpoints.get(s.spanId) ?? s.name, spanEntities(s), Number(starts[i] - start) / 1e6),
  );
  // children by index, ordered by start (ties: the order the rows came in)
  const children: number[][] = Array.from({ length: n }, () => []);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = flat[i].parentSpanId ? at.get(flat[i].parentSpanId) : undefined;
    if (p !== undefined && p !== i) children[p].push(i);
    else roots.push(i);
  }
  const byStart = (a: number, b: number) => (starts[a] < starts[b] ? -1 : starts[a] > starts[b] ? 1 : a - b);
  roots.sort(byStart);
  for (let i = 0; i < n; i++) if (children[i].length > 0) flat[i].childSpanIds = children[i].sort(byStart).map((k) => flat[k].spanId);
  // depth-first from the roots; a span in a parent cycle is reached from no root and keeps depth 0
  const seen = new Uint8Array(n);
  const stack = roots.map((r) => [r, 0] as [number, number]).reverse();
  while (stack.length > 0) {
    const [i, depth] = stack.pop()!;
    if (seen[i]) continue;
    seen[i] = 1;
    flat[i].depth = depth;
    const kids = children[i];
    for (let k = kids.length - 1; k >= 0; k--) stack.push([kids[k], depth + 1]);
  }
  return {
    startTimeUnixNano: start.toString(),
    durationMs: Number(end - start) / 1e6,
    services: [...new Set(unique.map((s) => s.service))],
    errors: unique.filter((s) => s.hasError).length,
    spans: flat,
    ...(o.tree ? { tree: nest(flat, children, roots) } : {}),
  };
}

/** The infrastructure entities a span ran on, as the agent's entity ids. */
export function spanEntities(s: Span): TraceSpan['entities'] {
  const hostId = s.resource['host.id'];
  return {
    host: typeof hostId === 'string' && hostId ? `host:${hostId}` : undefined,
    container: s.infrastructure.containerId ? `container:${s.infrastructure.containerId}` : undefined,
    process: s.infrastructure.entityId || undefined,
  };
}

/** The spans as nested `children` (each span once, under its first parent reached from a root). */
function nest(flat: TraceSpan[], children: number[][], roots: number[]): TreeSpan[] {
  const nodes = new Map<number, TreeSpan>();
  const node = (i: number): TreeSpan => {
    const made = treeSpan(flat[i]);
    nodes.set(i, made);
    return made;
  };
  const out = roots.map(node);
  const stack = roots.slice();
  while (stack.length > 0) {
    const i = stack.pop()!;
    const parent = nodes.get(i)!;
    for (const k of children[i])
      if (!nodes.has(k)) {
        parent.children.push(node(k));
        stack.push(k);
      }
  }
  return out;
}

/*
 * The trace view's span objects are written out field by field: `{ ...span, endpoint, ... }` costs V8 ~20 us per
 * 20-field span (a 10,000-span trace: ~200 ms) and leaves objects that serialize slower; a literal costs ~1 us.
 * The types make a field added to Span an error here until it is copied too.
 */
function traceSpan(s: Span, endpoint: string, entities: TraceSpan['entities'], offsetMs: number): TraceSpan {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    traceState: s.traceState,
    flags: s.flags,
    name: s.name,
    kind: s.kind,
    kindName: s.kindName,
    startTimeUnixNano: s.startTimeUnixNano,
    endTimeUnixNano: s.endTimeUnixNano,
    durationNs: s.durationNs,
    status: s.status,
    hasError: s.hasError,
    service: s.service,
    scope: s.scope,
    resource: s.resource,
    attributes: s.attributes,
    promoted: s.promoted,
    infrastructure: s.infrastructure,
    events: s.events,
    links: s.links,
    endpoint,
    entities,
    offsetMs,
    depth: 0,
    childSpanIds: [],
  };
}

function treeSpan(t: TraceSpan): TreeSpan {
  return {
    traceId: t.traceId,
    spanId: t.spanId,
    parentSpanId: t.parentSpanId,
    traceState: t.traceState,
    flags: t.flags,
    name: t.name,
    kind: t.kind,
    kindName: t.kindName,
    startTimeUnixNano: t.startTimeUnixNano,
    endTimeUnixNano: t.endTimeUnixNano,
    durationNs: t.durationNs,
    status: t.status,
    hasError: t.hasError,
    service: t.service,
    scope: t.scope,
    resource: t.resource,
    attributes: t.attributes,
    promoted: t.promoted,
    infrastructure: t.infrastructure,
    events: t.events,
    links: t.links,
    endpoint: t.endpoint,
    entities: t.entities,
    offsetMs: t.offsetMs,
    depth: t.depth,
    children: [],
  };
}
