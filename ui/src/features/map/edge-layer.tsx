import { memo, useId, useMemo } from 'react';
import type { MapEdge } from '../../api/types';
import { NODE_H, NODE_W } from './service-node';

export interface EdgeHover {
  edge: MapEdge;
  x: number;
  y: number;
}

interface Props {
  edges: MapEdge[];
  positions: Record<string, { x: number; y: number }>;
  dir: 'LR' | 'TB';
  /** the focused node's upstream and downstream (the rest is dimmed), or null */
  lit: Set<string> | null;
  /** arrowheads (small maps) */
  arrows: boolean;
  onHover: (h: EdgeHover | null) => void;
}

const COLORS = { crit: 'var(--crit)', warn: 'var(--warn)', ok: 'var(--edge)' } as const;
const colorOf = (e: MapEdge): keyof typeof COLORS => (e.errorRate >= 0.1 ? 'crit' : e.errorRate >= 0.02 ? 'warn' : 'ok');

/** A cubic curve from the source's outgoing side to the target's incoming side (React Flow's bezier edge). */
function curve(sx: number, sy: number, tx: number, ty: number, dir: 'LR' | 'TB'): string {
  const off = (d: number) => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d));
  if (dir === 'LR') {
    const o = off(tx - sx);
    return `M${sx},${sy}C${sx + o},${sy} ${tx - o},${ty} ${tx},${ty}`;
  }
  const o = off(ty - sy);
  return `M${sx},${sy}C${sx},${sy + o} ${tx},${ty - o} ${tx},${ty}`;
}

/**
 * Every call edge as one path in one SVG, inside React Flow's viewport (so it pans and zooms with the nodes) and
 * below them (map-canvas.tsx puts it there). React Flow draws each edge as an SVG of its own with three store subscriptions, which cost ~0.5 ms of
 * main thread per edge here (3,000 edges: seconds, bench/results/ui.md); these are plain paths rendered once per
 * answer. Hover: an invisible wider path per edge, one delegated handler.
 */
export const EdgeLayer = memo(function EdgeLayer({ edges, positions, dir, lit, arrows, onHover }: Props) {
  const uid = useId().replace(/:/g, '');
  const drawn = useMemo(() => {
    const maxRate = Math.max(1e-9, ...edges.map((e) => e.callsPerSecond));
    const out: Array<{ e: MapEdge; d: string; color: keyof typeof COLORS; width: number; on: boolean }> = [];
    for (const e of edges) {
      const s = positions[e.source];
      const t = positions[e.target];
      if (!s || !t) continue;
      const d =
        dir === 'LR'
          ? curve(s.x + NODE_W, s.y + NODE_H / 2, t.x, t.y + NODE_H / 2, dir)
          : curve(s.x + NODE_W / 2, s.y + NODE_H, t.x + NODE_W / 2, t.y, dir);
      const on = lit ? lit.has(e.source) && lit.has(e.target) : true;
      out.push({ e, d, color: colorOf(e), width: 1 + 2.5 * Math.sqrt(e.callsPerSecond / maxRate), on });
    }
    return out;
  }, [edges, positions, dir, lit]);

  const hit = (ev: React.MouseEvent) => {
    const i = (ev.target as Element).getAttribute('data-i');
    onHover(i === null ? null : { edge: drawn[Number(i)].e, x: ev.clientX, y: ev.clientY });
  };

  return (
    <svg className="map-edges" data-edges={drawn.length} aria-hidden="true">
      {arrows && (
        <defs>
          {(Object.keys(COLORS) as Array<keyof typeof COLORS>).map((c) => (
            <marker key={c} id={`${uid}-${c}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
              <path d="M0,0L10,5L0,10z" style={{ fill: COLORS[c] }} />
            </marker>
          ))}
        </defs>
      )}
      <g>
        {drawn.map(({ e, d, color, width, on }) => (
          <path
            key={`${e.source}>${e.target}`}
            className={`map-edge ${color}${on ? '' : ' dim'}`}
            data-id={`${e.source}>${e.target}`}
            d={d}
            strokeWidth={width}
            markerEnd={arrows ? `url(#${uid}-${color})` : undefined}
          />
        ))}
      </g>
      <g className="map-edge-hits" onMouseMove={hit} onMouseLeave={() => onHover(null)}>
        {drawn.map(({ e, d }, i) => (
          <path key={`${e.source}>${e.target}`} data-i={i} d={d} />
        ))}
      </g>
    </svg>
  );
});
