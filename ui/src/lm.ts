import dagre from '@dagrejs/dagre';
import ELK from 'elkjs/lib/elk.bundled.js';

function graph(n: number, m: number, seed = 1) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const tiers = 8;
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `svc-${i}`, tier: Math.floor((i / n) * tiers), width: 180, height: 44 }));
  const byTier = Array.from({ length: tiers }, (_, t) => nodes.filter((x) => x.tier === t));
  const edges = new Map<string, { source: string; target: string }>();
  while (edges.size < m) {
    const a = nodes[Math.floor(rnd() * n)];
    const r = rnd();
    const jump = r < 0.75 ? 1 : r < 0.95 ? 2 : 3;
    const t = Math.min(tiers - 1, a.tier + jump);
    if (t === a.tier) continue;
    const b = byTier[t][Math.floor(rnd() * byTier[t].length)];
    edges.set(`${a.id}>${b.id}`, { source: a.id, target: b.id });
  }
  return { nodes, edges: [...edges.values()] };
}

async function main() {
  const sizes = process.argv.slice(2).map((x) => x.split('/').map(Number));
  for (const [n, m] of sizes) {
    const { nodes, edges } = graph(n, m);
    for (const ranker of ['tight-tree', 'longest-path']) {
      const t0 = performance.now();
      const g = new dagre.graphlib.Graph();
      g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 110, ranker });
      g.setDefaultEdgeLabel(() => ({}));
      for (const x of nodes) g.setNode(x.id, { width: x.width, height: x.height });
      for (const e of edges) g.setEdge(e.source, e.target);
      dagre.layout(g);
      console.log(`dagre ${ranker} ${n}/${m}: ${(performance.now() - t0).toFixed(0)} ms`);
    }
    const elk = new ELK();
    const t1 = performance.now();
    await elk.layout({
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.layered.thoroughness': '1',
        'elk.layered.layering.strategy': 'LONGEST_PATH',
        'elk.layered.nodePlacement.strategy': 'SIMPLE',
        'elk.edgeRouting': 'POLYLINE',
      },
      children: nodes.map((x) => ({ id: x.id, width: x.width, height: x.height })),
      edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
    });
    console.log(`elk layered (fast options) ${n}/${m}: ${(performance.now() - t1).toFixed(0)} ms`);
  }
}
void main();
