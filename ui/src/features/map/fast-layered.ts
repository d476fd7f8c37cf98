/**
 * A linear-time layered layout for big service graphs, where dagre and ELK take seconds (bench/results/ui.md):
 * DFS cycle breaking, longest-path ranks (sources pulled next to their first callee), barycenter ordering sweeps
 * without dummy nodes (long edges are drawn as curves across ranks), and barycentric coordinates with overlap removal.
 */
import type { LayoutInput, LayoutResult } from './layout';

export function fastLayered(input: LayoutInput, sweeps = 8): LayoutResult {
  const t0 = performance.now();
  const n = input.nodes.length;
  const index = new Map(input.nodes.map((x, i) => [x.id, i]));
  const out: number[][] = Array.from({ length: n }, () => []);
  const inc: number[][] = Array.from({ length: n }, () => []);
  const seenEdge = new Set<string>();
  for (const e of input.edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    const k = `${a}>${b}`;
    if (seenEdge.has(k)) continue;
    seenEdge.add(k);
    out[a].push(b);
  }
  // 1. break cycles: edges to a node on the DFS stack are reversed
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const dag: number[][] = Array.from({ length: n }, () => []);
  for (let s = 0; s < n; s++) {
    if (state[s]) continue;
    const stack: Array<[number, number]> = [[s, 0]];
    state[s] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, i] = top;
      if (i < out[v].length) {
        top[1]++;
        const w = out[v][i];
        if (state[w] === 1) dag[w].push(v);
        else {
          dag[v].push(w);
          if (state[w] === 0) {
            state[w] = 1;
            stack.push([w, 0]);
          }
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  for (let v = 0; v < n; v++) for (const w of dag[v]) inc[w].push(v);
  // 2. ranks: longest path from the sources (Kahn order)
  const rank = new Int32Array(n);
  const indeg = new Int32Array(n);
  for (let v = 0; v < n; v++) indeg[v] = inc[v].length;
  const topo: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) topo.push(v);
  for (let i = 0; i < topo.length; i++) {
    const v = topo[i];
    for (const w of dag[v]) {
      rank[w] = Math.max(rank[w], rank[v] + 1);
      if (--indeg[w] === 0) topo.push(w);
    }
  }
  // sources sit one rank before their nearest callee (not all in rank 0)
  for (let v = 0; v < n; v++) {
    if (inc[v].length === 0 && dag[v].length) rank[v] = Math.max(0, Math.min(...dag[v].map((w) => rank[w])) - 1);
  }
  const maxRank = n ? Math.max(...rank) : 0;
  const layers: number[][] = Array.from({ length: maxRank + 1 }, () => []);
  for (const v of topo) layers[rank[v]].push(v);
  // 3. ordering: barycenter sweeps over neighbours in earlier (down) or later (up) ranks
  const pos = new Float64Array(n);
  const setPos = (layer: number[]) => layer.forEach((v, i) => (pos[v] = layer.length > 1 ? i / (layer.length - 1) : 0.5));
  layers.forEach(setPos);
  for (let s = 0; s < sweeps; s++) {
    const down = s % 2 === 0;
    const order = down ? layers : [...layers].reverse();
    for (const layer of order) {
      const bary = new Map<number, number>();
      for (const v of layer) {
        const nb = down ? inc[v] : dag[v];
        if (nb.length === 0) bary.set(v, pos[v]);
        else bary.set(v, nb.reduce((a, w) => a + pos[w], 0) / nb.length);
      }
      layer.sort((a, b) => bary.get(a)! - bary.get(b)! || pos[a] - pos[b]);
      setPos(layer);
    }
  }
  // 4. coordinates: rank along the main axis; across it, the mean of placed neighbours, then overlaps removed
  const lr = input.direction === 'LR';
  const size = (v: number) => (lr ? input.nodes[v].height : input.nodes[v].width);
  const depth = Math.max(0, ...input.nodes.map((x) => (lr ? x.width : x.height)));
  const gap = lr ? 16 : 26;
  const rankSep = lr ? 110 : 70;
  const cross = new Float64Array(n);
  layers.forEach((layer, r) => {
    let cursor = 0;
    const want = layer.map((v) => {
      const nb = inc[v].filter((w) => rank[w] < r);
      const c = nb.length ? nb.reduce((a, w) => a + cross[w], 0) / nb.length : cursor;
      cursor += size(v) + gap;
      return c;
    });
    let prevEnd = -Infinity;
    layer.forEach((v, i) => {
      const y = Math.max(want[i], prevEnd + gap);
      cross[v] = y;
      prevEnd = y + size(v);
    });
    // shift the rank so its displacement from the wanted places averages out
    const shift = layer.reduce((a, v, i) => a + (want[i] - cross[v]), 0) / Math.max(1, layer.length);
    for (const v of layer) cross[v] += shift;
  });
  let minCross = Infinity;
  for (let v = 0; v < n; v++) minCross = Math.min(minCross, cross[v]);
  const positions: Record<string, { x: number; y: number }> = {};
  let width = 0;
  let height = 0;
  for (let v = 0; v < n; v++) {
    const main = rank[v] * (depth + rankSep) + 10;
    const c = cross[v] - minCross + 10;
    const p = lr ? { x: main, y: c } : { x: c, y: main };
    positions[input.nodes[v].id] = p;
    width = Math.max(width, p.x + input.nodes[v].width);
    height = Math.max(height, p.y + input.nodes[v].height);
  }
  return { positions, width, height, ms: performance.now() - t0 };
}
