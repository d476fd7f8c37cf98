import { reach, type Graph, type GraphNode } from './graph.js';

export interface Anomaly {
  nodeId: string;
  /** errors, latency, throughput, offline, cpu, memory, disk, restarts, connections ... */
  kind: string;
  severity: 'warning' | 'critical';
  since: number;
  summary: string;
  eventId?: string;
}

export interface Change {
  nodeId: string;
  kind: string;
  at: number;
  summary: string;
  eventId?: string;
}

export interface RankedCause {
  node: GraphNode;
  /** anomalous nodes this one explains (it is among what they depend on), itself included */
  explains: string[];
  depth: number;
  anomalies: Anomaly[];
  changes: Change[];
  score: number;
}

const STRENGTH: Record<string, number> = {
  offline: 4,
  errors: 3,
  cpu: 2.5,
  memory: 2.5,
  disk: 2,
  connections: 2,
  restarts: 2,
  latency: 1,
  throughput: 1,
};

/**
 * Ranks root-cause candidates for an incident: the anomalous components reachable from the triggers. The best
 * explains the most anomalous components (they all depend on it), then is the most downstream, then has a
 * recent change (a deployment, a stop), then the strongest and earliest anomaly. A technology or runtime entity
 * takes the evidence of the process that runs it (the process is how the component shows up on the host).
 */
export function rankRootCauses(
  g: Graph,
  triggers: readonly string[],
  anomalies: readonly Anomaly[],
  changes: readonly Change[],
  now = Date.now(),
): RankedCause[] {
  const dist = reach(g, triggers);
  // process -> the technology/runtime entity it runs (its child in the graph)
  const ownerOf = new Map<string, string>();
  for (const [from, tos] of g.deps) {
    const n = g.nodes.get(from);
    if (n?.kind !== 'entity' || n.entityType === 'process' || n.entityType === 'host' || n.entityType === 'container') continue;
    for (const to of tos) if (g.nodes.get(to)?.entityType === 'process') ownerOf.set(to, from);
  }
  const canon = (id: string) => ownerOf.get(id) ?? id;
  const byNode = new Map<string, Anomaly[]>();
  for (const a of anomalies)
    if (dist.has(a.nodeId)) byNode.set(canon(a.nodeId), [...(byNode.get(canon(a.nodeId)) ?? []), { ...a, nodeId: canon(a.nodeId) }]);
  for (const t of triggers) if (!byNode.has(t) && g.nodes.has(t)) byNode.set(t, []);
  const changesBy = new Map<string, Change[]>();
  for (const c of changes) if (dist.has(c.nodeId)) changesBy.set(canon(c.nodeId), [...(changesBy.get(canon(c.nodeId)) ?? []), c]);
  const anomalous = [...byNode.keys()];
  const out: RankedCause[] = [];
  for (const id of anomalous) {
    const node = g.nodes.get(id);
    if (!node) continue;
    const explains = anomalous.filter((a) => a === id || reach(g, [a]).has(id) || (ownerOf.has(id) && reach(g, [a]).has(ownerOf.get(id)!)));
    const list = byNode.get(id) ?? [];
    const strength = Math.max(0, ...list.map((a) => (STRENGTH[a.kind] ?? 1) * (a.severity === 'critical' ? 1.2 : 1)));
    const recentChange = (changesBy.get(id) ?? []).some((c) => now - c.at < 30 * 60_000);
    const earliest = Math.min(now, ...list.map((a) => a.since));
    const depth = dist.get(id) ?? 0;
    // lexicographic order folded into one number: coverage, then depth, then change, then strength, then age
    const score = explains.length * 1e6 + depth * 1e4 + (recentChange ? 1e3 : 0) + strength * 100 + Math.min(99, (now - earliest) / 60_000);
    out.push({ node, explains, depth, anomalies: list, changes: changesBy.get(id) ?? [], score });
  }
  return out.sort((a, b) => b.score - a.score);
}
