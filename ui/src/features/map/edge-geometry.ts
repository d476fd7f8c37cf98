import type { MapEdge } from '../../api/types';

/** An edge's cubic curve (graph coordinates): start, two control points, end. */
export type Cubic = [sx: number, sy: number, c1x: number, c1y: number, c2x: number, c2y: number, tx: number, ty: number];

/** A cubic from the source's outgoing side to the target's incoming side (React Flow's bezier edge). */
export function cubic(sx: number, sy: number, tx: number, ty: number, dir: 'LR' | 'TB'): Cubic {
  const off = (d: number) => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d));
  if (dir === 'LR') {
    const o = off(tx - sx);
    return [sx, sy, sx + o, sy, tx - o, ty, tx, ty];
  }
  const o = off(ty - sy);
  return [sx, sy, sx, sy + o, tx, ty - o, tx, ty];
}

/** The SVG path of a curve. */
export function pathOf(c: Cubic): string {
  const [sx, sy, c1x, c1y, c2x, c2y, tx, ty] = c;
  return `M${sx},${sy}C${c1x},${c1y} ${c2x},${c2y} ${tx},${ty}`;
}

/**
 * An arrowhead at the curve's end as a closed triangle (to be filled), sized with the stroke like an SVG marker
 * (7 x the width long, 7 x wide): all of one color go into one path, instead of a <marker> instance per edge that the
 * browser paints one by one. The curve ends along the layout direction (its last control point is in line with it).
 */
export function arrowOf(c: Cubic, dir: 'LR' | 'TB', width: number): string {
  const tx = c[6];
  const ty = c[7];
  const l = 7 * width;
  const h = 3.5 * width;
  const r = (v: number) => Math.round(v * 10) / 10;
  return dir === 'LR'
    ? `M${r(tx - l)},${r(ty - h)}L${tx},${ty}L${r(tx - l)},${r(ty + h)}Z`
    : `M${r(tx - h)},${r(ty - l)}L${tx},${ty}L${r(tx + h)},${r(ty - l)}Z`;
}

const SAMPLES = 16;

/** Points along each curve (SAMPLES + 1 per edge) and each curve's bounding box, for hit testing. */
export interface EdgeHits {
  points: Float32Array;
  boxes: Float32Array;
  count: number;
}

export function edgeHits(curves: Cubic[]): EdgeHits {
  const points = new Float32Array(curves.length * (SAMPLES + 1) * 2);
  const boxes = new Float32Array(curves.length * 4);
  curves.forEach(([sx, sy, c1x, c1y, c2x, c2y, tx, ty], i) => {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let k = 0; k <= SAMPLES; k++) {
      const t = k / SAMPLES;
      const u = 1 - t;
      const x = u * u * u * sx + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * tx;
      const y = u * u * u * sy + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * ty;
      const j = (i * (SAMPLES + 1) + k) * 2;
      points[j] = x;
      points[j + 1] = y;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    boxes.set([x0, y0, x1, y1], i * 4);
  });
  return { points, boxes, count: curves.length };
}

/** The index of the curve nearest to (x, y) within `tolerance` (graph units), or -1. */
export function nearestEdge(h: EdgeHits, x: number, y: number, tolerance: number): number {
  let best = -1;
  let bestD = tolerance * tolerance;
  for (let i = 0; i < h.count; i++) {
    const b = i * 4;
    if (x < h.boxes[b] - tolerance || x > h.boxes[b + 2] + tolerance || y < h.boxes[b + 1] - tolerance || y > h.boxes[b + 3] + tolerance) {
      continue;
    }
    for (let k = 0; k < SAMPLES; k++) {
      const j = (i * (SAMPLES + 1) + k) * 2;
      const ax = h.points[j];
      const ay = h.points[j + 1];
      const dx = h.points[j + 2] - ax;
      const dy = h.points[j + 3] - ay;
      const len = dx * dx + dy * dy;
      const t = len > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len)) : 0;
      const ex = ax + t * dx - x;
      const ey = ay + t * dy - y;
      const d = ex * ex + ey * ey;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
  }
  return best;
}

/** The hover state the map shows: an edge and where the pointer is (client pixels). */
export interface EdgeHover {
  edge: MapEdge;
  x: number;
  y: number;
}
