import { useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { traceSpanQuery } from '../../api/queries';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatDuration } from '../../lib/format';
import { descendants, groupDigits, visibleRows, type TraceModel } from './trace-model';

const ROW_H = 26;

interface Props {
  model: TraceModel;
  colors: Map<string, string>;
  /** the selected span's index */
  selected?: number;
  onSelect: (span: number | undefined) => void;
}

/**
 * The trace as rows in tree order, each a bar on the trace's time axis; only the rows in view are in the DOM, so
 * 10,000 spans scroll like 10. Keyboard: ↑/↓ select, ←/→ collapse/expand, n/N next/previous error.
 */
export function Waterfall({ model, colors, selected, onSelect }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set());
  const [showCritical, setShowCritical] = useState(true);
  const rows = useMemo(() => visibleRows(model, collapsed), [model, collapsed]);
  /** span index -> row (-1: hidden) */
  const rowOf = useMemo(() => {
    if (rows === model.order) return model.pos;
    const r = new Int32Array(model.n).fill(-1);
    for (let k = 0; k < rows.length; k++) r[rows[k]] = k;
    return r;
  }, [rows, model]);
  const scroll = useRef<HTMLDivElement>(null);
  const onHover = useHoverPrefetch(model);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scroll.current, estimateSize: () => ROW_H, overscan: 12 });

  const toggle = useCallback((i: number) => {
    setCollapsed((c) => {
      const n = new Set(c);
      if (n.has(i)) n.delete(i);
      else n.add(i);
      return n;
    });
  }, []);

  /** selects a span, expanding its ancestors and scrolling it into view */
  const reveal = useCallback(
    (i: number) => {
      const hidden = new Set<number>();
      for (let p = model.parent[i]; p >= 0; p = model.parent[p]) if (collapsed.has(p)) hidden.add(p);
      if (hidden.size) setCollapsed((c) => new Set([...c].filter((x) => !hidden.has(x))));
      onSelect(i);
    },
    [collapsed, onSelect, model],
  );

  useEffect(() => {
    if (selected === undefined) return;
    const r = rowOf[selected];
    if (r < 0) return;
    // a row already in view (a click) needs no scroll: scrollToIndex reads the scroll height, a forced layout
    const offset = virt.scrollOffset ?? 0;
    const height = virt.scrollRect?.height ?? 0;
    if (height > 0 && r * ROW_H >= offset && (r + 1) * ROW_H <= offset + height) return;
    virt.scrollToIndex(r, { align: 'auto' });
  }, [selected, rowOf, virt]);

  const jumpError = (dir: 1 | -1) => {
    const errs = model.errors;
    if (errs.length === 0) return;
    const cur = selected === undefined ? -1 : model.pos[selected];
    let next = dir === 1 ? errs[0] : errs[errs.length - 1];
    if (dir === 1) {
      for (const e of errs)
        if (model.pos[e] > cur) {
          next = e;
          break;
        }
    } else if (cur >= 0)
      for (let k = errs.length - 1; k >= 0; k--)
        if (model.pos[errs[k]] < cur) {
          next = errs[k];
          break;
        }
    reveal(next);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const r = selected === undefined ? -1 : rowOf[selected];
    const cur = r >= 0 ? rows[r] : undefined;
    if ((e.key === 'ArrowDown' || e.key === 'j') && rows.length) onSelect(rows[Math.min(rows.length - 1, r + 1)]);
    else if ((e.key === 'ArrowUp' || e.key === 'k') && rows.length) onSelect(rows[Math.max(0, r - 1)]);
    else if (e.key === 'ArrowLeft' && cur !== undefined) {
      if (model.childCount[cur] && !collapsed.has(cur)) toggle(cur);
      else if (model.parent[cur] >= 0) onSelect(model.parent[cur]);
    } else if (e.key === 'ArrowRight' && cur !== undefined && model.childCount[cur] && collapsed.has(cur)) toggle(cur);
    else if (e.key === 'n') jumpError(1);
    else if (e.key === 'N') jumpError(-1);
    else if (e.key === 'Escape') onSelect(undefined);
    else if (e.key === 'Home' && rows.length) onSelect(rows[0]);
    else if (e.key === 'End' && rows.length) onSelect(rows[rows.length - 1]);
    else return;
    e.preventDefault();
  };

  const collapseToEntries = () => {
    const c = new Set<number>();
    for (const i of model.order) if (model.depth[i] >= 1 && model.childCount[i]) c.add(i);
    setCollapsed(c);
  };

  const ticks = useMemo(() => [0, 0.25, 0.5, 0.75, 1].map((f) => ({ f, label: formatDuration(model.traceMs * f) })), [model.traceMs]);
  const total = model.traceMs || 1;
  const selectedId = selected === undefined ? undefined : model.spanId[selected];
  return (
    <section className="panel waterfall" aria-label="Waterfall">
      <div className="wf-toolbar">
        <button type="button" className="btn small" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button type="button" className="btn small" onClick={collapseToEntries}>
          Collapse to services' entries
        </button>
        <label className="row small">
          <input type="checkbox" checked={showCritical} onChange={(e) => setShowCritical(e.target.checked)} /> Critical path
        </label>
        <div className="grow" />
        <span className="muted small">
          {groupDigits(rows.length)} of {groupDigits(model.order.length)} spans shown
        </span>
        <button
          type="button"
          className="btn small"
          onClick={() => jumpError(-1)}
          disabled={model.errors.length === 0}
          title="Previous error (N)"
        >
          ↑
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() => jumpError(1)}
          disabled={model.errors.length === 0}
          title="Next error (n)"
        >
          Next error ({model.errors.length})
        </button>
      </div>
      <div className="wf-head" aria-hidden="true">
        <div className="wf-name">Service › operation</div>
        <div className="wf-time">
          {ticks.map((t) => (
            <span key={t.f} style={{ left: `${t.f * 100}%` }} className={t.f === 1 ? 'last' : t.f === 0 ? 'first' : undefined}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <div
        className="wf-scroll"
        ref={scroll}
        tabIndex={0}
        role="tree"
        aria-label="Spans"
        aria-activedescendant={selectedId && rowOf[selected!] >= 0 ? `span-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        onPointerOver={onHover}
      >
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virt.getVirtualItems().map((v) => {
            const i = rows[v.index];
            return (
              <Row
                key={i}
                model={model}
                i={i}
                top={v.start}
                total={total}
                color={colors.get(model.serviceName[i]) ?? '#888'}
                selected={i === selected}
                collapsed={collapsed.has(i)}
                showCritical={showCritical}
                onToggle={toggle}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}

/**
 * A span's full answer asked for when the pointer rests on its row (60 ms), so a click usually finds its attributes
 * already there; moving across rows asks for nothing.
 */
function useHoverPrefetch(model: TraceModel) {
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(
    (e: PointerEvent<HTMLDivElement>) => {
      const id = (e.target as Element).closest('.wf-row')?.id.slice('span-'.length);
      clearTimeout(timer.current);
      if (id) timer.current = setTimeout(() => void client.query(traceSpanQuery(model.traceId, id)).catch(() => undefined), 60);
    },
    [client, model],
  );
}

interface RowProps {
  model: TraceModel;
  /** span index */
  i: number;
  top: number;
  total: number;
  color: string;
  selected: boolean;
  collapsed: boolean;
  showCritical: boolean;
  onToggle: (i: number) => void;
  onSelect: (i: number) => void;
}

const Row = memo(function Row({ model: m, i, top, total, color, selected, collapsed, showCritical, onToggle, onSelect }: RowProps) {
  const start = m.startMs[i];
  const dur = m.durationMs[i];
  const left = (start / total) * 100;
  const width = Math.max(0.2, (dur / total) * 100);
  // the duration label goes right of the bar, else left of it, else inside its right end
  const place = left + width < 82 ? 'right' : left > 14 ? 'left' : 'in';
  const labelStyle =
    place === 'right'
      ? { left: `calc(${left + width}% + 4px)` }
      : place === 'left'
        ? { right: `calc(${100 - left}% + 4px)` }
        : { right: `calc(${100 - left - width}% + 4px)` };
  const hasKids = m.childCount[i] > 0;
  const error = m.error[i] === 1;
  const cps: Array<[number, number]> = [];
  if (showCritical) for (let k = m.cpFrom[i]; k < m.cpTo[i]; k++) cps.push([m.cpA[k], m.cpB[k]]);
  return (
    <div
      id={`span-${m.spanId[i]}`}
      role="treeitem"
      aria-level={m.depth[i] + 1}
      aria-selected={selected}
      aria-expanded={hasKids ? !collapsed : undefined}
      className={`wf-row${selected ? ' selected' : ''}${error ? ' error' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(i)}
    >
      <div className="wf-name" style={{ paddingLeft: 6 + Math.min(m.depth[i], 40) * 14 }}>
        {hasKids ? (
          <button
            type="button"
            className="wf-twist"
            tabIndex={-1}
            aria-label={collapsed ? 'Expand' : 'Collapse'}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(i);
            }}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="wf-twist" />
        )}
        <span className="svc-chip" style={{ background: color }} />
        <span className="wf-svc">{m.serviceName[i]}</span>
        <span className="wf-op ellipsis" title={m.name[i]}>
          {m.name[i]}
        </span>
        {collapsed && <span className="badge">{descendants(m, i)}</span>}
        {error && <span className="wf-err" role="img" aria-label="error" />}
      </div>
      <div className="wf-time">
        <div className="wf-bar" style={{ left: `${left}%`, width: `${width}%`, background: color }}>
          {cps.map(([a, b], k) => (
            <span
              key={k}
              className="wf-cp"
              style={{ left: `${((a - start) / (dur || 1)) * 100}%`, width: `${((b - a) / (dur || 1)) * 100}%` }}
            />
          ))}
        </div>
        <span className={`wf-dur${place === 'in' ? ' in-bar' : ''}`} style={labelStyle}>
          {formatDuration(dur)}
        </span>
      </div>
    </div>
  );
});
