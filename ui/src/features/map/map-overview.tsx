import { Panel, useReactFlow, useStore } from '@xyflow/react';
import { memo, useEffect, useRef, type PointerEvent } from 'react';
import type { MapNode } from '../../api/types';
import { cssVar, useTheme } from '../../hooks/use-theme';
import { NODE_H, NODE_W } from './service-node';

const MAX_W = 200;
const MAX_H = 140;
const COLOR = { ok: '--ok', warning: '--warn', critical: '--crit', unknown: '--unknown' } as const;

interface Props {
  nodes: MapNode[];
  positions: Record<string, { x: number; y: number }>;
  /** the layout's size */
  width: number;
  height: number;
}

/**
 * The whole map small (one canvas, nodes as health-colored boxes) with the visible part framed; click or drag in it
 * to move there. Replaces React Flow's MiniMap, which draws from React Flow's own nodes (the map has none).
 */
export const MapOverview = memo(function MapOverview({ nodes, positions, width, height }: Props) {
  const k = Math.min(MAX_W / Math.max(1, width), MAX_H / Math.max(1, height));
  const w = Math.max(40, Math.round(width * k));
  const h = Math.max(30, Math.round(height * k));
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useTheme();
  const flow = useReactFlow();
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const vw = useStore((s) => s.width);
  const vh = useStore((s) => s.height);

  useEffect(() => {
    const c = canvas.current;
    const g = c?.getContext('2d');
    if (!c || !g) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = w * dpr;
    c.height = h * dpr;
    g.scale(dpr, dpr);
    const colors = Object.fromEntries(Object.entries(COLOR).map(([hl, v]) => [hl, cssVar(v)])) as Record<keyof typeof COLOR, string>;
    for (const n of nodes) {
      const p = positions[n.id];
      if (!p) continue;
      g.fillStyle = colors[n.health];
      g.fillRect(p.x * k, p.y * k, Math.max(1, NODE_W * k), Math.max(1, NODE_H * k));
    }
  }, [nodes, positions, k, w, h, theme]);

  const moveTo = (ev: PointerEvent<HTMLDivElement>) => {
    if (ev.type === 'pointermove' && ev.buttons !== 1) return;
    const r = ev.currentTarget.getBoundingClientRect();
    void flow.setCenter((ev.clientX - r.left) / k, (ev.clientY - r.top) / k, { zoom, duration: 0 });
  };
  return (
    <Panel position="bottom-right" className="map-overview">
      <div style={{ width: w, height: h }} onPointerDown={moveTo} onPointerMove={moveTo} role="img" aria-label="Map overview">
        <canvas ref={canvas} style={{ width: w, height: h }} />
        <div
          className="map-overview-view"
          style={{ left: (-tx / zoom) * k, top: (-ty / zoom) * k, width: (vw / zoom) * k, height: (vh / zoom) * k }}
        />
      </div>
    </Panel>
  );
});
