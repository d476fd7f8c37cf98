import type { Span, TraceResponse, TreeSpan } from '@argus/api';

/**
 * The flat span list (plus endpoint, the entities it ran on (agent entity id formats), offset, depth and child
 * ids) and the same spans as a tree ordered by start.
 */
export function buildTree(spans: Span[], endpoints: Map<string, string>): Omit<TraceResponse, 'traceId'> {
  const start = spans.reduce(
    (m, s) => (BigInt(s.startTimeUnixNano) < m ? BigInt(s.startTimeUnixNano) : m),
    BigInt(spans[0].startTimeUnixNano),
  );
  const end = spans.reduce((m, s) => (BigInt(s.endTimeUnixNano) > m ? BigInt(s.endTimeUnixNano) : m), 0n);
  const nodes = new Map<string, TreeSpan>();
  for (const s of spans) {
    const hostId = typeof s.resource['host.id'] === 'string' ? s.resource['host.id'] : '';
    nodes.set(s.spanId, {
      ...s,
      endpoint: endpoints.get(s.spanId) ?? s.name,
      entities: {
        host: hostId ? `host:${hostId}` : undefined,
        container: s.infrastructure.containerId ? `container:${s.infrastructure.containerId}` : undefined,
        process: s.infrastructure.entityId || undefined,
      },
      offsetMs: Number(BigInt(s.startTimeUnixNano) - start) / 1e6,
      depth: 0,
      children: [],
    });
  }
  const roots: TreeSpan[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentSpanId ? nodes.get(n.parentSpanId) : undefined;
    if (parent && parent !== n) parent.children.push(n);
    else roots.push(n);
  }
  const byStart = (a: TreeSpan, b: TreeSpan) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1);
  const seen = new Set<TreeSpan>();
  const walk = (n: TreeSpan, depth: number) => {
    if (seen.has(n)) return;
    seen.add(n);
    n.depth = depth;
    n.children.sort(byStart);
    for (const ch of n.children) walk(ch, depth + 1);
  };
  roots.sort(byStart);
  for (const r of roots) walk(r, 0);
  const flat = [...nodes.values()].map(({ children, ...rest }) => ({ ...rest, childSpanIds: children.map((ch) => ch.spanId) }));
  return {
    startTimeUnixNano: start.toString(),
    durationMs: Number(end - start) / 1e6,
    services: [...new Set(spans.map((s) => s.service))],
    errors: spans.filter((s) => s.hasError).length,
    spans: flat,
    tree: roots,
  };
}
