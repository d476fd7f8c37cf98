/** Layered graph layout, run in a Web Worker (layout.worker.ts): positions for nodes, left-to-right or top-down. */
import dagre from '@dagrejs/dagre';
import { fastLayered } from './fast-layered';

export interface LayoutInput {
  nodes: Array<{ id: string; width: number; height: number }>;
  edges: Array<{ source: string; target: string }>;
  direction: 'LR' | 'TB';
}

export interface LayoutResult {
  positions: Record<string, { x: number; y: number }>;
  width: number;
  height: number;
  ms: number;
}

/** Above this many nodes dagre takes too long (seconds at 200 services, bench/results/ui.md): the linear-time layout takes over. */
export const DAGRE_MAX_NODES = 50;

/** dagre for small maps (routes long edges around nodes), the linear-time layered layout for big ones. */
export function layout(input: LayoutInput): LayoutResult & { engine: 'dagre' | 'fast' } {
  if (input.nodes.length > DAGRE_MAX_NODES) return { ...fastLayered(input), engine: 'fast' };
  return { ...dagreLayout(input), engine: 'dagre' };
}

/**
 * dagre's layered layout (network-simplex ranking, barycenter crossing reduction). Disconnected nodes (no edges)
 * are packed into a grid below / beside the graph instead of one long rank, which keeps big maps compact.
 */
export function dagreLayout(input: LayoutInput): LayoutResult {
  const t0 = performance.now();
  const linked = new Set<string>();
  for (const e of input.edges) {
    linked.add(e.source);
    linked.add(e.target);
  }
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({
    rankdir: input.direction,
    nodesep: input.direction === 'LR' ? 18 : 28,
    ranksep: input.direction === 'LR' ? 110 : 70,
    edgesep: 6,
    marginx: 10,
    marginy: 10,
    ranker: 'network-simplex',
  });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(input.nodes.map((n) => n.id));
  for (const n of input.nodes) if (linked.has(n.id)) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of input.edges) if (e.source !== e.target && ids.has(e.source) && ids.has(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const positions: Record<string, { x: number; y: number }> = {};
  let maxX = 0;
  let maxY = 0;
  for (const id of g.nodes()) {
    const n = g.node(id) as { x: number; y: number; width: number; height: number } | undefined;
    if (!n) continue;
    positions[id] = { x: n.x - n.width / 2, y: n.y - n.height / 2 };
    maxX = Math.max(maxX, n.x + n.width / 2);
    maxY = Math.max(maxY, n.y + n.height / 2);
  }
  // isolated nodes: a grid under (LR) or beside (TB) the layered part
  const lone = input.nodes.filter((n) => !linked.has(n.id));
  if (lone.length) {
    const cols = Math.max(1, Math.ceil(Math.sqrt(lone.length * 2)));
    // nothing layered (e.g. a one-node incident graph): the grid starts at the margin, not below an empty part
    const ox = input.direction === 'LR' || !linked.size ? 10 : maxX + 80;
    const oy = input.direction === 'LR' && linked.size ? maxY + 60 : 10;
    lone.forEach((n, i) => {
      positions[n.id] = { x: ox + (i % cols) * (n.width + 24), y: oy + Math.floor(i / cols) * (n.height + 24) };
      maxX = Math.max(maxX, positions[n.id].x + n.width);
      maxY = Math.max(maxY, positions[n.id].y + n.height);
    });
  }
  return { positions, width: maxX, height: maxY, ms: performance.now() - t0 };
}
