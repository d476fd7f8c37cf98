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

/** resource saturation: it slows down what runs on it, it does not make calls fail */
const SATURATION = new Set(['cpu', 'memory']);
const SLOWNESS = new Set(['latency', 'throughput', 'cpu', 'memory']);
/** a saturation that began this long before the incident is the host's normal state, not what changed now */
export const PRE_EXISTING_MS = 3 * 60_000;
/**
 * a saturation that began this long after the incident began came after what it would explain. Saturations are dated
 * to the second they began (signals/saturation-start.ts, saturated-hosts.ts), and an incident begins when its trigger
 * is detected, seconds after the slowness the saturation caused: one that caused it began before it. This is slack for
 * 1-second sampling and an agent's clock a little ahead (10 s let a build that saturated the host 5 s into a slow
 * service's incident take the root cause over on a refresh, once the slow service had recovered).
 */
export const LATE_MS = 3_000;

const strongest = (list: readonly Anomaly[]) =>
  list.reduce<Anomaly | undefined>((best, a) => (!best || (STRENGTH[a.kind] ?? 1) > (STRENGTH[best.kind] ?? 1) ? a : best), undefined);

/**
 * Whether the anomalies of a component can explain another component's anomalies (which depend on it): a
 * failure or an outage explains anything downstream of it; a drop in the calls it receives explains nothing;
 * slowness (latency) explains slowness only (callers that time out show failing calls to it, which count as its
 * failure); a CPU or memory saturation explains slowness only, and only when it began with the incident (a host
 * busy for long before it did not cause what changed now, one that became busy well after it did not either).
 */
function canExplain(candidate: readonly Anomaly[], other: readonly Anomaly[], startMs: number): boolean {
  if (!candidate.length) return true;
  const worst = strongest(other);
  const slownessOnly = !worst || SLOWNESS.has(worst.kind);
  return candidate.some((c) => {
    // fewer calls arriving at a component is what its callers do (they fail, stop, or are restarted), not a cause
    if (c.kind === 'throughput') return false;
    if (c.kind === 'latency') return slownessOnly;
    if (!SATURATION.has(c.kind)) return true;
    return c.since >= startMs - PRE_EXISTING_MS && c.since <= startMs + LATE_MS && slownessOnly;
  });
}

/**
 * Ranks root-cause candidates for an incident: the anomalous components reachable from the triggers. The best
 * explains the most anomalous components (they all depend on it), then is the most downstream, then has a
 * recent change (a deployment, a stop), then the strongest and earliest anomaly. A CPU or memory saturation explains
 * only slowness, and only when it began with the incident. Only candidates that explain at least one trigger are
 * ranked; a component deployed in the last 30 minutes is a candidate even without an anomaly of its own. A technology or runtime entity
 * takes the evidence of the process that runs it (the process is how the component shows up on the host).
 */
export function rankRootCauses(
  g: Graph,
  triggers: readonly string[],
  anomalies: readonly Anomaly[],
  changes: readonly Change[],
  now = Date.now(),
  /** when the incident began (saturations older than PRE_EXISTING_MS before it explain nothing but themselves) */
  startMs = now,
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
  // a component deployed recently is a candidate even while it shows nothing itself (e.g. being restarted again)
  const deployed = [...changesBy]
    .filter(([id, list]) => !byNode.has(id) && list.some((c) => c.kind === 'deployment' && now - c.at < 30 * 60_000))
    .map(([id]) => id);
  const out: RankedCause[] = [];
  for (const id of [...anomalous, ...deployed]) {
    const node = g.nodes.get(id);
    if (!node) continue;
    const list = byNode.get(id) ?? [];
    const explains = anomalous.filter(
      (a) =>
        a === id ||
        ((reach(g, [a]).has(id) || (ownerOf.has(id) && reach(g, [a]).has(ownerOf.get(id)!))) &&
          canExplain(list, byNode.get(a) ?? [], startMs)),
    );
    const strength = Math.max(0, ...list.map((a) => (STRENGTH[a.kind] ?? 1) * (a.severity === 'critical' ? 1.2 : 1)));
    const recentChange = (changesBy.get(id) ?? []).some((c) => now - c.at < 30 * 60_000);
    const earliest = Math.min(now, ...list.map((a) => a.since));
    const depth = dist.get(id) ?? 0;
    // lexicographic order folded into one number: coverage, then depth, then change, then strength, then age
    const score = explains.length * 1e6 + depth * 1e4 + (recentChange ? 1e3 : 0) + strength * 100 + Math.min(99, (now - earliest) / 60_000);
    out.push({ node, explains, depth, anomalies: list, changes: changesBy.get(id) ?? [], score });
  }
  // a candidate must explain the problem of at least one trigger (a host busy long before explains only itself)
  const explaining = out.filter((r) => triggers.some((t) => r.explains.includes(t)));
  return (explaining.length ? explaining : out).sort((a, b) => b.score - a.score);
}
