import { useNavigate } from '@tanstack/react-router';
import { memo, useRef, useState } from 'react';
import type { LatencyHistogram } from '../../api/types';
import { useTimeSearch } from '../../hooks/use-range';
import { formatCount, formatDuration } from '../../lib/format';

const W = 560;
const H = 150;
const PAD = { l: 44, r: 8, t: 8, b: 24 };

/**
 * Calls by latency (log-scaled buckets). Drag across bars to select a latency range; the selection opens as a trace
 * search for the same service/endpoint and time range (Instana's "analyze calls" from the summary). Memoized: a live
 * refresh with the same answer (structurally shared by TanStack Query) does not re-render it.
 */
export const LatencyDistribution = memo(function LatencyDistribution({
  data,
  service,
  endpoint,
}: {
  data: LatencyHistogram;
  service: string;
  endpoint?: string;
}) {
  const navigate = useNavigate();
  const time = useTimeSearch();
  const svg = useRef<SVGSVGElement>(null);
  const [sel, setSel] = useState<[number, number] | null>(null);
  const [drag, setDrag] = useState<number | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const b = data.buckets;
  if (b.length === 0) return null;
  const max = Math.max(...b.map((x) => x.count));
  const bw = (W - PAD.l - PAD.r) / b.length;
  const plotH = H - PAD.t - PAD.b;
  const indexAt = (clientX: number) => {
    const r = svg.current!.getBoundingClientRect();
    const x = ((clientX - r.left) / r.width) * W - PAD.l;
    return Math.max(0, Math.min(b.length - 1, Math.floor(x / bw)));
  };
  const [lo, hi] = sel ? [Math.min(...sel), Math.max(...sel)] : [-1, -1];
  const selCount = sel ? b.slice(lo, hi + 1).reduce((s, x) => s + x.count, 0) : 0;
  const ticks = [0, Math.floor(b.length / 4), Math.floor(b.length / 2), Math.floor((3 * b.length) / 4), b.length - 1];
  const open = () => {
    if (!sel) return;
    void navigate({
      to: '/traces',
      search: {
        ...time,
        service,
        endpoint,
        minDuration: Number(b[lo].lowMs.toPrecision(4)),
        maxDuration: Number(b[hi].highMs.toPrecision(4)),
        sort: 'slowest',
      } as never,
    });
  };
  const shown = hover ?? (sel ? null : null);
  return (
    <div className="latency-dist">
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        className="dist-svg"
        role="img"
        aria-label={`Latency distribution of ${formatCount(data.total)} calls; drag to select a latency range`}
        onPointerDown={(e) => {
          (e.target as Element).setPointerCapture?.(e.pointerId);
          const i = indexAt(e.clientX);
          setDrag(i);
          setSel([i, i]);
        }}
        onPointerMove={(e) => {
          const i = indexAt(e.clientX);
          setHover(i);
          if (drag !== null) setSel([drag, i]);
        }}
        onPointerUp={() => setDrag(null)}
        onPointerLeave={() => setHover(null)}
      >
        <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} stroke="var(--border-strong)" />
        <text x={PAD.l - 6} y={PAD.t + 8} textAnchor="end" className="dist-axis">
          {formatCount(max, true)}
        </text>
        <text x={PAD.l - 6} y={H - PAD.b} textAnchor="end" className="dist-axis">
          0
        </text>
        {b.map((x, i) => {
          const h = max > 0 ? Math.max(x.count > 0 ? 1.5 : 0, (x.count / max) * plotH) : 0;
          const inSel = sel !== null && i >= lo && i <= hi;
          return (
            <rect
              key={i}
              x={PAD.l + i * bw + 0.5}
              y={H - PAD.b - h}
              width={Math.max(1, bw - 1)}
              height={h}
              className={inSel ? 'bar sel' : hover === i ? 'bar hover' : 'bar'}
            />
          );
        })}
        {sel && <rect x={PAD.l + lo * bw} y={PAD.t} width={(hi - lo + 1) * bw} height={plotH} className="dist-sel" />}
        {ticks.map((i) => (
          <text key={i} x={PAD.l + i * bw + bw / 2} y={H - 8} textAnchor="middle" className="dist-axis">
            {formatDuration(b[i].lowMs)}
          </text>
        ))}
      </svg>
      <div className="dist-foot">
        {shown !== null ? (
          <span className="muted small">
            {formatDuration(b[shown].lowMs)} – {formatDuration(b[shown].highMs)}: {formatCount(b[shown].count)} calls
          </span>
        ) : sel ? (
          <span className="small">
            {formatDuration(b[lo].lowMs)} – {formatDuration(b[hi].highMs)}: {formatCount(selCount)} calls
          </span>
        ) : (
          <span className="muted small">Drag across the bars to select a latency range</span>
        )}
        <div className="grow" />
        {sel && (
          <>
            <button type="button" className="btn small" onClick={() => setSel(null)}>
              Clear
            </button>
            <button type="button" className="btn small primary" onClick={open}>
              Show these traces
            </button>
          </>
        )}
      </div>
    </div>
  );
});
