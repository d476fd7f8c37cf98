/**
 * The dependency graph incidents are correlated over: services call services and uninstrumented targets
 * (databases, queues, external hosts); a service runs in runtime/process entities, which run in containers and
 * on hosts; a database target is served by a technology entity (postgres, redis ...) found by port. Edges point
 * from a node to what it depends on. Built from plain data, so the ranking is a pure function of it.
 */
export type NodeKind = 'service' | 'database' | 'messaging' | 'external' | 'entity';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  name: string;
  /** entity type for entity nodes (host, container, process, nodejs, postgres ...) */
  entityType?: string;
  entityId?: string;
}

export interface Graph {
  nodes: Map<string, GraphNode>;
  deps: Map<string, Set<string>>;
}

export const serviceNode = (name: string) => `service:${name}`;

export function createGraph(): Graph {
  return { nodes: new Map(), deps: new Map() };
}

export function addNode(g: Graph, n: GraphNode): void {
  if (!g.nodes.has(n.id)) g.nodes.set(n.id, n);
}

export function addDep(g: Graph, from: string, to: string): void {
  if (from === to) return;
  const s = g.deps.get(from) ?? new Set<string>();
  s.add(to);
  g.deps.set(from, s);
}

export interface GraphInputs {
  services: Array<{ name: string; type: string }>;
  edges: Array<{ caller: string; callee: string; calleeType: string }>;
  downstream: Array<{ caller: string; target: string; targetType: string; serverAddress: string; serverPort: number; dbSystem: string }>;
  instances: Array<{ service: string; host: { id: string; name: string }; process: { entityId: string } }>;
  entities: Array<{
    id: string;
    type: string;
    name: string;
    parentId: string | null;
    hostEntityId: string;
    attributes: Record<string, unknown>;
  }>;
}

/** database systems (db.system) -> technology entity types reported by the agent's sensors */
const TECH_OF: Record<string, string> = { postgresql: 'postgres', redis: 'redis', mysql: 'mysql', mongodb: 'mongodb' };
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '']);

export function buildGraph(i: GraphInputs): Graph {
  const g = createGraph();
  const svcKind = (t: string): NodeKind => (t === 'database' || t === 'messaging' || t === 'external' ? t : 'service');
  for (const s of i.services) addNode(g, { id: serviceNode(s.name), kind: svcKind(s.type), name: s.name });
  for (const e of i.edges) {
    addNode(g, { id: serviceNode(e.caller), kind: 'service', name: e.caller });
    addNode(g, { id: serviceNode(e.callee), kind: svcKind(e.calleeType), name: e.callee });
    addDep(g, serviceNode(e.caller), serviceNode(e.callee));
  }
  const entities = new Map(i.entities.map((e) => [e.id, e]));
  const addEntity = (id: string) => {
    const e = entities.get(id);
    if (!e || g.nodes.has(id)) return;
    addNode(g, { id, kind: 'entity', name: e.name, entityType: e.type, entityId: id });
    let cur = e;
    for (let depth = 0; depth < 8 && cur.parentId; depth++) {
      const parent = entities.get(cur.parentId);
      if (!parent) break;
      addNode(g, { id: parent.id, kind: 'entity', name: parent.name, entityType: parent.type, entityId: parent.id });
      addDep(g, cur.id, parent.id);
      cur = parent;
    }
  };
  for (const e of i.entities) addEntity(e.id);
  for (const inst of i.instances) {
    const from = serviceNode(inst.service);
    addNode(g, { id: from, kind: 'service', name: inst.service });
    if (inst.process.entityId && entities.has(inst.process.entityId)) addDep(g, from, inst.process.entityId);
    else if (inst.host.id && entities.has(`host:${inst.host.id}`)) addDep(g, from, `host:${inst.host.id}`);
  }
  for (const d of i.downstream) {
    const from = serviceNode(d.caller);
    const to = serviceNode(d.target);
    addNode(g, { id: from, kind: 'service', name: d.caller });
    addNode(g, { id: to, kind: svcKind(d.targetType), name: d.target });
    addDep(g, from, to);
    const tech = TECH_OF[d.dbSystem];
    if (!tech || !d.serverPort) continue;
    // the caller's hosts: a loopback address means the database runs on one of them
    const callerHosts = new Set(i.instances.filter((x) => x.service === d.caller).map((x) => `host:${x.host.id}`));
    const match = i.entities.find(
      (e) =>
        e.type === tech &&
        Number(e.attributes.port) === d.serverPort &&
        (LOOPBACK.has(d.serverAddress) ? callerHosts.has(e.hostEntityId) : true),
    );
    if (match) addDep(g, to, match.id);
  }
  return g;
}

/** Breadth-first from the start nodes along dependencies: node -> distance. */
export function reach(g: Graph, starts: readonly string[], maxDepth = 12): Map<string, number> {
  const dist = new Map<string, number>();
  let frontier = starts.filter((s) => g.nodes.has(s));
  for (const s of frontier) dist.set(s, 0);
  for (let d = 1; d <= maxDepth && frontier.length; d++) {
    const next: string[] = [];
    for (const n of frontier)
      for (const m of g.deps.get(n) ?? [])
        if (!dist.has(m)) {
          dist.set(m, d);
          next.push(m);
        }
    frontier = next;
  }
  return dist;
}
