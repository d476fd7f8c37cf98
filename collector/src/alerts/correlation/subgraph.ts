import type { Graph, GraphNode } from './graph.js';

/** The part of the dependency graph an incident touches, as the incident API answers it (`details.graph`). */
export interface IncidentGraph {
  nodes: Array<Pick<GraphNode, 'id' | 'kind' | 'name' | 'entityType' | 'entityId'>>;
  /** [from, to]: `from` depends on `to` (calls it, runs on it) */
  edges: Array<[string, string]>;
}

/** at most this many nodes: an incident page draws them all */
export const MAX_GRAPH_NODES = 40;

/**
 * The incident's subgraph: its triggers, the affected components, the ranked candidates (root cause first), and
 * the components on the shortest dependency paths from the triggers to them (so the drawing connects), with every
 * dependency edge between the nodes kept. Nodes past MAX_GRAPH_NODES are left out, the least important first
 * (path nodes, then candidates from the last); edges to left-out nodes are dropped.
 */
export function incidentSubgraph(
  g: Graph,
  triggers: readonly string[],
  affected: readonly string[],
  candidates: readonly string[],
  maxNodes = MAX_GRAPH_NODES,
): IncidentGraph {
  const wanted = [...new Set([...triggers, ...candidates.slice(0, 1), ...affected, ...candidates.slice(1)])].filter((id) =>
    g.nodes.has(id),
  );
  // breadth-first from all triggers at once: the parent of each reached node on one shortest path
  const parent = new Map<string, string | null>();
  let frontier = triggers.filter((t) => g.nodes.has(t));
  for (const t of frontier) parent.set(t, null);
  while (frontier.length) {
    const next: string[] = [];
    for (const n of frontier)
      for (const m of g.deps.get(n) ?? [])
        if (!parent.has(m)) {
          parent.set(m, n);
          next.push(m);
        }
    frontier = next;
  }
  const keep = new Set<string>(wanted.slice(0, maxNodes));
  for (const id of wanted) {
    if (!keep.has(id)) continue;
    const path: string[] = [];
    for (let p = parent.get(id); p; p = parent.get(p)) if (!keep.has(p)) path.push(p);
    if (keep.size + path.length > maxNodes) continue;
    for (const p of path) keep.add(p);
  }
  const nodes = [...keep].map((id) => {
    const n = g.nodes.get(id)!;
    return {
      id: n.id,
      kind: n.kind,
      name: n.name,
      ...(n.entityType ? { entityType: n.entityType } : {}),
      ...(n.entityId ? { entityId: n.entityId } : {}),
    };
  });
  const edges: Array<[string, string]> = [];
  for (const from of keep) for (const to of g.deps.get(from) ?? []) if (keep.has(to)) edges.push([from, to]);
  return { nodes, edges };
}
