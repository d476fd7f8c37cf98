import type { DependencyMap, MapEdge, MapNode } from '../../api/types';
import { formatDuration, formatPercent, formatRate } from '../../lib/format';
import type { MapSearch } from '../../search-params';

/** The nodes and edges left after the map's filters (an edge stays when both ends do). */
export function filterGraph(map: DependencyMap, s: MapSearch): { nodes: MapNode[]; edges: MapEdge[] } {
  const q = s.q?.toLowerCase();
  const nodes = map.nodes.filter(
    (n) => (!q || n.name.toLowerCase().includes(q)) && (!s.type || n.type === s.type) && (!s.health || n.health === s.health),
  );
  const keep = new Set(nodes.map((n) => n.id));
  return { nodes, edges: map.edges.filter((e) => keep.has(e.source) && keep.has(e.target)) };
}

/** Everything upstream and downstream of `id` (transitively), `id` included. */
export function connected(id: string, edges: MapEdge[]): Set<string> {
  const down = new Map<string, string[]>();
  const up = new Map<string, string[]>();
  for (const e of edges) {
    down.set(e.source, [...(down.get(e.source) ?? []), e.target]);
    up.set(e.target, [...(up.get(e.target) ?? []), e.source]);
  }
  const out = new Set([id]);
  for (const adj of [down, up]) {
    const stack = [id];
    const seen = new Set([id]);
    while (stack.length) {
      const v = stack.pop()!;
      for (const w of adj.get(v) ?? []) {
        if (seen.has(w)) continue;
        seen.add(w);
        out.add(w);
        stack.push(w);
      }
    }
  }
  return out;
}

export type SizeBy = NonNullable<MapSearch['size']>;

export function metricOf(n: MapNode, by: SizeBy): number {
  if (by === 'errors') return n.kpis.errorRate;
  if (by === 'latency') return n.kpis.p99Ms ?? 0;
  return n.kpis.callsPerSecond;
}

export function metricLabel(n: MapNode, by: SizeBy): string {
  if (by === 'errors') return `${formatPercent(n.kpis.errorRate)} errors`;
  if (by === 'latency') return `p99 ${formatDuration(n.kpis.p99Ms)}`;
  return formatRate(n.kpis.callsPerSecond);
}

/** Node scale in 0..1 by the square root of the metric's share (area ~ value). */
export function scales(nodes: MapNode[], by: SizeBy): Map<string, number> {
  const max = Math.max(0, ...nodes.map((n) => metricOf(n, by)));
  return new Map(nodes.map((n) => [n.id, max > 0 ? Math.sqrt(metricOf(n, by) / max) : 0]));
}

/** Layout key: the graph's shape and direction only (numbers changing do not re-layout). */
export function shapeKey(nodes: MapNode[], edges: MapEdge[], dir: string): string {
  const ids = nodes.map((n) => n.id).sort();
  const es = edges.map((e) => `${e.source}>${e.target}`).sort();
  return `${dir}|${ids.join(',')}|${es.join(',')}`;
}
