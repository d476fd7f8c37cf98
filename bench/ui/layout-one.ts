/** One layout run (child process of layouts.ts): `layout-one.ts <fast|dagre|elk> <nodes> <edges>` prints a JSON row. */
import { serviceGraph } from './synthetic.js';

// the UI package's copies (loaded untyped: they belong to ui/, which has its own tsconfig)
const load = (path: string): Promise<any> => import(new URL(path, import.meta.url).href);
const { default: dagre } = await load('../../ui/node_modules/@dagrejs/dagre/dist/dagre.esm.js');
const { default: ELK } = await load('../../ui/node_modules/elkjs/lib/elk.bundled.js');
const { fastLayered } = await load('../../ui/src/features/map/fast-layered.ts');

const [engine, n, m] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const g = serviceGraph(n, m, 's');
const W = 190;
const H = 48;
const nodes = g.services.map((id) => ({ id, width: W, height: H }));
const edges = g.edges.map(([a, b]) => ({ source: g.services[a], target: g.services[b] }));

async function run(): Promise<Record<string, { x: number; y: number }>> {
  if (engine === 'fast')
    return (fastLayered({ nodes, edges, direction: 'LR' }) as { positions: Record<string, { x: number; y: number }> }).positions;
  if (engine === 'dagre') {
    const dg = new dagre.graphlib.Graph();
    dg.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 110 });
    dg.setDefaultEdgeLabel(() => ({}));
    for (const x of nodes) dg.setNode(x.id, { width: W, height: H });
    for (const e of edges) dg.setEdge(e.source, e.target);
    dagre.layout(dg);
    return Object.fromEntries(dg.nodes().map((id: string) => [id, { x: dg.node(id).x - W / 2, y: dg.node(id).y - H / 2 }]));
  }
  const elk = new ELK();
  const r = await elk.layout({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' },
    children: nodes.map((x) => ({ id: x.id, width: W, height: H })),
    edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  });
  return Object.fromEntries((r.children ?? []).map((c: { id: string; x?: number; y?: number }) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}

function quality(pos: Record<string, { x: number; y: number }>) {
  const seg = edges.map((e) => [pos[e.source].x + W, pos[e.source].y + H / 2, pos[e.target].x, pos[e.target].y + H / 2]);
  const ccw = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (cy - ay) * (bx - ax) - (by - ay) * (cx - ax);
  let crossings = 0;
  for (let i = 0; i < seg.length; i++)
    for (let j = i + 1; j < seg.length; j++) {
      const [a, b] = [seg[i], seg[j]];
      const d1 = ccw(a[0], a[1], a[2], a[3], b[0], b[1]);
      const d2 = ccw(a[0], a[1], a[2], a[3], b[2], b[3]);
      const d3 = ccw(b[0], b[1], b[2], b[3], a[0], a[1]);
      const d4 = ccw(b[0], b[1], b[2], b[3], a[2], a[3]);
      if (d1 * d2 < 0 && d3 * d4 < 0) crossings++;
    }
  const edgeLength = seg.reduce((s, [x1, y1, x2, y2]) => s + Math.hypot(x2 - x1, y2 - y1), 0);
  const xs = Object.values(pos).map((p) => p.x);
  const ys = Object.values(pos).map((p) => p.y);
  return {
    crossings,
    edgeLength: Math.round(edgeLength),
    area: `${Math.round(Math.max(...xs) - Math.min(...xs) + W)} x ${Math.round(Math.max(...ys) - Math.min(...ys) + H)}`,
  };
}

const t0 = performance.now();
const pos = await run();
const ms = performance.now() - t0;
console.log(JSON.stringify({ engine, ms: Math.round(ms), ...quality(pos) }));
