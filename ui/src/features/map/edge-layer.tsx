import { memo, useMemo } from 'react';
import type { MapEdge } from '../../api/types';
import { arrowOf, cubic, pathOf, type Cubic } from './edge-geometry';
import { NODE_H, NODE_W } from './service-node';

/** The edges that have both ends laid out, with their curves (graph coordinates). */
export interface DrawnEdges {
  edges: MapEdge[];
  curves: Cubic[];
}

/** Curves for the edges whose ends have positions; recomputed when the layout or the edges change. */
export function useDrawnEdges(
  edges: MapEdge[],
  positions: Record<string, { x: number; y: number }> | undefined,
  dir: 'LR' | 'TB',
): DrawnEdges {
  return useMemo(() => {
    const out: DrawnEdges = { edges: [], curves: [] };
    if (!positions) return out;
    for (const e of edges) {
      const s = positions[e.source];
      const t = positions[e.target];
      if (!s || !t) continue;
      out.edges.push(e);
      out.curves.push(
        dir === 'LR'
          ? cubic(s.x + NODE_W, s.y + NODE_H / 2, t.x, t.y + NODE_H / 2, dir)
          : cubic(s.x + NODE_W / 2, s.y + NODE_H, t.x + NODE_W / 2, t.y, dir),
      );
    }
    return out;
  }, [edges, positions, dir]);
}

interface Props {
  drawn: DrawnEdges;
  dir: 'LR' | 'TB';
  /** the focused node's upstream and downstream (the rest is dimmed), or null */
  lit: Set<string> | null;
  /** arrowheads (small maps) */
  arrows: boolean;
}

const colorOf = (e: MapEdge) => (e.errorRate >= 0.1 ? 'crit' : e.errorRate >= 0.02 ? 'warn' : 'ok');

/**
 * Every call edge as one path in one SVG, inside React Flow's viewport (so it pans and zooms with the nodes) and
 * below them (map-canvas.tsx puts it there). React Flow draws each edge as an SVG of its own with three store
 * subscriptions, which cost ~0.5 ms of main thread per edge here (3,000 edges: seconds, bench/results/ui.md); these
 * are plain paths rendered once per answer, arrowheads part of each path (no markers), and no element per edge for
 * hovering: the canvas finds the edge under the pointer from the curves (edge-geometry.ts nearestEdge).
 */
export const EdgeLayer = memo(function EdgeLayer({ drawn, dir, lit, arrows }: Props) {
  const shown = useMemo(() => {
    const maxRate = Math.max(1e-9, ...drawn.edges.map((e) => e.callsPerSecond));
    // the arrowheads of one look (color, dimmed) in one filled path
    const heads = new Map<string, string[]>();
    const paths = drawn.edges.map((e, i) => {
      const cls = `${colorOf(e)}${!lit || (lit.has(e.source) && lit.has(e.target)) ? '' : ' dim'}`;
      const width = 1 + 2.5 * Math.sqrt(e.callsPerSecond / maxRate);
      if (arrows) heads.set(cls, [...(heads.get(cls) ?? []), arrowOf(drawn.curves[i], dir, width)]);
      return { e, cls, width, d: pathOf(drawn.curves[i]) };
    });
    return { paths, heads: [...heads].map(([cls, list]) => ({ cls, d: list.join('') })) };
  }, [drawn, dir, lit, arrows]);
  return (
    <svg className="map-edges" data-edges={drawn.edges.length} aria-hidden="true">
      {shown.paths.map(({ e, cls, width, d }) => (
        <path key={`${e.source}>${e.target}`} className={`map-edge ${cls}`} data-id={`${e.source}>${e.target}`} d={d} strokeWidth={width} />
      ))}
      {shown.heads.map(({ cls, d }) => (
        <path key={cls} className={`map-arrow ${cls}`} d={d} />
      ))}
    </svg>
  );
});
