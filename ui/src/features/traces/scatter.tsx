import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import type { TraceScatter } from '../../api/types';
import { cssVar, useTheme } from '../../hooks/use-theme';
import { useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatTime } from '../../lib/format';

const H = 220;
const PAD = { l: 58, r: 16, t: 10, b: 24 };

export interface Box {
  from: number;
  to: number;
  minMs: number;
  maxMs: number;
}

/** Trace durations over time on a log scale (canvas); drag a box to narrow the search, click a point to open it. */
export function Scatter({ data, onBox }: { data: TraceScatter; onBox: (b: Box) => void }) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const theme = useTheme();
  const navigate = useNavigate();
  const time = useTimeSearch();

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(300, el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const pts = data.points;
  const maxD = Math.max(1, ...pts.map((p) => p.durationMs));
  const minD = Math.max(0.01, Math.min(maxD / 10, ...pts.map((p) => Math.max(0.01, p.durationMs))));
  const lo = Math.log10(minD) - 0.05;
  const hi = Math.log10(maxD) + 0.1;
  const plotW = width - PAD.l - PAD.r;
  const plotH = H - PAD.t - PAD.b;
  const xOf = (t: number) => PAD.l + ((t - data.from) / Math.max(1, data.to - data.from)) * plotW;
  const yOf = (d: number) => PAD.t + plotH - ((Math.log10(Math.max(minD, d)) - lo) / (hi - lo)) * plotH;
  const tOf = (x: number) => data.from + ((x - PAD.l) / plotW) * (data.to - data.from);
  const dOf = (y: number) => 10 ** (lo + ((PAD.t + plotH - y) / plotH) * (hi - lo));

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = H * dpr;
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, H);
    g.font = '10px system-ui, sans-serif';
    g.fillStyle = cssVar('--muted');
    g.strokeStyle = cssVar('--grid');
    g.lineWidth = 1;
    for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) {
      const y = Math.round(yOf(10 ** e)) + 0.5;
      g.beginPath();
      g.moveTo(PAD.l, y);
      g.lineTo(width - PAD.r, y);
      g.stroke();
      g.textAlign = 'right';
      g.fillText(formatDuration(10 ** e), PAD.l - 6, y + 3);
    }
    for (let i = 0; i <= 5; i++) {
      const t = data.from + ((data.to - data.from) * i) / 5;
      g.textAlign = i === 0 ? 'left' : i === 5 ? 'right' : 'center';
      g.fillText(formatTime(t, t, data.to - data.from < 600_000), xOf(t), H - 6);
    }
    const ok = cssVar('--accent');
    const err = cssVar('--crit');
    for (const p of pts) {
      g.fillStyle = p.error ? err : ok;
      g.globalAlpha = p.error ? 0.9 : 0.55;
      g.beginPath();
      g.arc(xOf(p.startMs), yOf(p.durationMs), p.error ? 3.2 : 2.6, 0, Math.PI * 2);
      g.fill();
    }
    g.globalAlpha = 1;
  }, [pts, width, theme, data.from, data.to, lo, hi]); // eslint-disable-line react-hooks/exhaustive-deps -- xOf/yOf derive from these

  const local = (e: React.PointerEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const nearest = (x: number, y: number) => {
    let best = -1;
    let bd = 64;
    pts.forEach((p, i) => {
      const d = (xOf(p.startMs) - x) ** 2 + (yOf(p.durationMs) - y) ** 2;
      if (d < bd) {
        bd = d;
        best = i;
      }
    });
    return best >= 0 ? best : null;
  };
  const h = hover !== null ? pts[hover] : null;
  return (
    <div className="scatter" ref={wrap}>
      <canvas
        ref={canvas}
        style={{ width, height: H }}
        role="img"
        aria-label={`Scatter of ${pts.length} trace durations over time; errors in red`}
        onPointerDown={(e) => {
          const p = local(e);
          e.currentTarget.setPointerCapture(e.pointerId);
          setDrag({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
        }}
        onPointerMove={(e) => {
          const p = local(e);
          if (drag) setDrag({ ...drag, x1: p.x, y1: p.y });
          else setHover(nearest(p.x, p.y));
        }}
        onPointerLeave={() => setHover(null)}
        onPointerUp={(e) => {
          const p = local(e);
          if (drag && Math.abs(p.x - drag.x0) > 5 && Math.abs(p.y - drag.y0) > 5) {
            const [x0, x1] = [Math.min(drag.x0, p.x), Math.max(drag.x0, p.x)];
            const [y0, y1] = [Math.min(drag.y0, p.y), Math.max(drag.y0, p.y)];
            onBox({
              from: Math.round(tOf(x0)),
              to: Math.round(tOf(x1)),
              minMs: Number(dOf(y1).toPrecision(3)),
              maxMs: Number(dOf(y0).toPrecision(3)),
            });
          } else {
            const i = nearest(p.x, p.y);
            if (i !== null) void navigate({ to: '/traces/$traceId', params: { traceId: pts[i].traceId }, search: time as never });
          }
          setDrag(null);
        }}
      />
      {drag && (
        <div
          className="scatter-box"
          style={{
            left: Math.min(drag.x0, drag.x1),
            top: Math.min(drag.y0, drag.y1),
            width: Math.abs(drag.x1 - drag.x0),
            height: Math.abs(drag.y1 - drag.y0),
          }}
        />
      )}
      {h && !drag && (
        <div className="scatter-tip" style={{ left: Math.min(xOf(h.startMs) + 10, width - 200), top: Math.max(0, yOf(h.durationMs) - 40) }}>
          <b>{formatDuration(h.durationMs)}</b> {h.error ? <span className="err-text">error</span> : null}
          <div className="muted">{formatTime(h.startMs)}</div>
        </div>
      )}
    </div>
  );
}
