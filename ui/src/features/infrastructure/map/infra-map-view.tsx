import { memo, useCallback, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react';
import type { TimeSearch } from '../../../lib/time-range';
import { entityPath, timeQuery, typeLabel, typeMark } from '../entity-types';
import type { MapSize } from '../infra-search';
import type { Block, InfraHealth, InfraMap, Pillar } from './map-model';

export const HEALTH_LABEL: Record<InfraHealth, string> = { ok: 'Healthy', warning: 'Warning', critical: 'Critical', offline: 'Offline' };

/** Block geometry per size: width, height, gap, rows before a pillar wraps into another column. */
const SIZES: Record<MapSize, { bw: number; bh: number; gap: number; rows: number; cols: number }> = {
  s: { bw: 20, bh: 5, gap: 1, rows: 40, cols: 6 },
  m: { bw: 40, bh: 9, gap: 2, rows: 30, cols: 6 },
  l: { bw: 176, bh: 20, gap: 2, rows: 22, cols: 5 },
};

export function autoSize(hosts: number): MapSize {
  return hosts <= 8 ? 'l' : hosts <= 80 ? 'm' : 's';
}

interface Props {
  map: InfraMap;
  size: MapSize;
  time: TimeSearch;
  onOpen: (id: string) => void;
  dimmed: boolean;
}

interface Hover {
  block: Block;
  host: string;
  x: number;
  y: number;
}

/**
 * Zones with one pillar per host and its blocks stacked bottom-up. Blocks are plain anchors (thousands of them:
 * no router Link per block); one delegated handler opens them, the arrow keys walk them (one tab stop).
 */
export function InfraMapView({ map, size, time, onOpen, dimmed }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const lookup = useMemo(() => {
    const m = new Map<string, { block: Block; host: string }>();
    for (const z of map.zones)
      for (const p of z.pillars) {
        m.set(p.host.id, { block: p.host, host: p.host.name });
        for (const b of p.blocks) m.set(b.id, { block: b, host: p.host.name });
      }
    return m;
  }, [map]);

  const onClick = useCallback(
    (e: MouseEvent) => {
      const a = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[data-id]');
      if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      onOpen(a.dataset.id!);
    },
    [onOpen],
  );

  const onOver = useCallback(
    (e: MouseEvent) => {
      const a = (e.target as HTMLElement).closest<HTMLElement>('[data-id]');
      const hit = a ? lookup.get(a.dataset.id!) : undefined;
      if (!a || !hit || !box.current) {
        setHover(null);
        return;
      }
      const r = a.getBoundingClientRect();
      const b = box.current.getBoundingClientRect();
      setHover({ ...hit, x: r.right - b.left + box.current.scrollLeft + 8, y: r.top - b.top + box.current.scrollTop });
    },
    [lookup],
  );

  const onKeyDown = useCallback((e: KeyboardEvent) => {
    const cur = (e.target as HTMLElement).closest<HTMLElement>('[data-p]');
    if (!cur || !box.current) return;
    const p = Number(cur.dataset.p);
    const i = Number(cur.dataset.i);
    const moves: Record<string, [number, number]> = { ArrowUp: [0, 1], ArrowDown: [0, -1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    const mv = moves[e.key];
    if (!mv) return;
    e.preventDefault();
    const root = box.current;
    const pick = (pp: number, ii: number) => root.querySelector<HTMLElement>(`[data-p="${pp}"][data-i="${ii}"]`);
    let next = pick(p + mv[0], i + mv[1]);
    // moving sideways onto a shorter pillar: its top block
    for (let k = i; !next && mv[0] !== 0 && k >= 0; k--) next = pick(p + mv[0], k);
    if (!next) return;
    cur.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }, []);

  const g = SIZES[size];
  const style = { '--bw': `${g.bw}px`, '--bh': `${g.bh}px`, '--bgap': `${g.gap}px` } as CSSProperties;
  return (
    <div
      ref={box}
      className={`infra-map size-${size}${dimmed ? ' searching' : ''}`}
      style={style}
      onClick={onClick}
      onMouseOver={onOver}
      onMouseLeave={() => setHover(null)}
      onKeyDown={onKeyDown}
    >
      <Zones map={map} size={size} time={time} />
      {hover && (
        <div className="infra-tip" style={{ left: hover.x, top: hover.y }} role="tooltip">
          <div className="tip-type">
            <span className={`hdot h-${hover.block.health}`} aria-hidden="true" />
            {typeLabel(hover.block.type)} · {HEALTH_LABEL[hover.block.health]}
          </div>
          <div className="tip-name">{hover.block.name}</div>
          {hover.block.type !== 'host' && <div className="muted small">on {hover.host}</div>}
        </div>
      )}
    </div>
  );
}

/** The zones and pillars, rendered once per map model (hover and focus changes do not re-render them). */
const Zones = memo(function Zones({ map, size, time }: { map: InfraMap; size: MapSize; time: TimeSearch }) {
  const starts = map.zones.reduce<number[]>((acc, z, i) => [...acc, i === 0 ? 0 : acc[i - 1] + map.zones[i - 1].pillars.length], []);
  // one query string for every block's link (thousands of anchors)
  const query = timeQuery(time);
  return (
    <>
      {map.zones.map((z, zi) => (
        <section key={z.name} className={`infra-zone h-${z.health}`} aria-label={`Zone ${z.name}`}>
          <header>
            <span className={`hdot h-${z.health}`} aria-hidden="true" />
            <h2>{z.name}</h2>
            <span className="muted small">
              {z.pillars.length} {z.pillars.length === 1 ? 'host' : 'hosts'}
            </span>
          </header>
          <div className="zone-body">
            {z.pillars.map((p, pi) => (
              <PillarView key={p.host.id} pillar={p} index={starts[zi] + pi} size={size} query={query} />
            ))}
          </div>
        </section>
      ))}
    </>
  );
});

function PillarView({ pillar, index, size, query }: { pillar: Pillar; index: number; size: MapSize; query: string }) {
  const g = SIZES[size];
  const n = pillar.blocks.length;
  // a tall host wraps into more columns, up to a few; beyond that the pillar grows taller
  const cols = Math.min(g.cols, Math.max(1, Math.ceil(n / g.rows)));
  const rows = Math.ceil(n / cols);
  const stack = { height: rows * (g.bh + g.gap), width: cols * (g.bw + g.gap) - g.gap } as CSSProperties;
  const h = pillar.host;
  return (
    <div
      className={`pillar${pillar.match ? '' : ' nomatch'}`}
      role="group"
      aria-label={`Host ${h.name}: ${n} entities, ${HEALTH_LABEL[pillar.health]}`}
    >
      <div className="pillar-stack" style={stack}>
        {pillar.blocks.map((b, i) => (
          <a
            key={b.id}
            className={`blk h-${b.health}${b.match ? '' : ' nomatch'}`}
            href={entityPath(b.id, query)}
            data-id={b.id}
            data-p={index}
            data-i={i + 1}
            tabIndex={-1}
            // large blocks are named by their visible text plus a hidden suffix (WCAG 2.5.3: the name contains what is seen)
            aria-label={size === 'l' ? undefined : `${typeLabel(b.type)} ${b.name}, ${HEALTH_LABEL[b.health]}`}
          >
            {size === 'l' && (
              <>
                <span className="blk-mark">{typeMark(b.type)}</span> <span className="blk-name">{b.name}</span>
                <span className="visually-hidden">
                  : {typeLabel(b.type)}, {HEALTH_LABEL[b.health]}
                </span>
              </>
            )}
          </a>
        ))}
      </div>
      <a
        className={`pillar-base h-${h.health}${h.match ? '' : ' nomatch'}`}
        style={{ width: Math.max(stack.width as number, g.bw) }}
        href={entityPath(h.id, query)}
        data-id={h.id}
        data-p={index}
        data-i={0}
        tabIndex={index === 0 ? 0 : -1}
        aria-label={`Host ${h.name}, ${HEALTH_LABEL[h.health]}`}
      >
        {size !== 's' && <span className="pillar-label">{h.name}</span>}
      </a>
    </div>
  );
}
