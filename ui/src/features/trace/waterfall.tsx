import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatDuration } from '../../lib/format';
import { visibleRows, type TraceModel, type WSpan } from './trace-model';

const ROW_H = 26;

interface Props {
  model: TraceModel;
  colors: Map<string, string>;
  selected?: string;
  onSelect: (id: string | undefined) => void;
}

/**
 * The trace as rows in tree order, each a bar on the trace's time axis; only the rows in view are in the DOM, so
 * 10,000 spans scroll like 10. Keyboard: ↑/↓ select, ←/→ collapse/expand, n/N next/previous error.
 */
export function Waterfall({ model, colors, selected, onSelect }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [showCritical, setShowCritical] = useState(true);
  const rows = useMemo(() => visibleRows(model, collapsed), [model, collapsed]);
  const indexOf = useMemo(() => new Map(rows.map((w, i) => [w.id, i])), [rows]);
  const scroll = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scroll.current, estimateSize: () => ROW_H, overscan: 12 });

  const toggle = useCallback((id: string) => {
    setCollapsed((c) => {
      const n = new Set(c);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  }, []);

  /** selects a span, expanding its ancestors and scrolling it into view */
  const reveal = useCallback(
    (w: WSpan) => {
      const hidden: string[] = [];
      for (let p = w.parent; p; p = p.parent) if (collapsed.has(p.id)) hidden.push(p.id);
      if (hidden.length) setCollapsed((c) => new Set([...c].filter((id) => !hidden.includes(id))));
      onSelect(w.id);
    },
    [collapsed, onSelect],
  );

  useEffect(() => {
    if (!selected) return;
    const i = indexOf.get(selected);
    if (i !== undefined) virt.scrollToIndex(i, { align: 'auto' });
  }, [selected, indexOf, virt]);

  const jumpError = (dir: 1 | -1) => {
    if (model.errors.length === 0) return;
    const cur = selected ? model.byId.get(selected) : undefined;
    const pos = cur ? model.order.indexOf(cur) : -1;
    const list = dir === 1 ? model.errors : [...model.errors].reverse();
    const next = list.find((w) => (dir === 1 ? model.order.indexOf(w) > pos : model.order.indexOf(w) < pos || pos < 0)) ?? list[0];
    reveal(next);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const i = selected ? (indexOf.get(selected) ?? -1) : -1;
    const cur = i >= 0 ? rows[i] : undefined;
    if (e.key === 'ArrowDown' || e.key === 'j') onSelect(rows[Math.min(rows.length - 1, i + 1)].id);
    else if (e.key === 'ArrowUp' || e.key === 'k') onSelect(rows[Math.max(0, i - 1)].id);
    else if (e.key === 'ArrowLeft' && cur) {
      if (cur.children.length && !collapsed.has(cur.id)) toggle(cur.id);
      else if (cur.parent) onSelect(cur.parent.id);
    } else if (e.key === 'ArrowRight' && cur?.children.length && collapsed.has(cur.id)) toggle(cur.id);
    else if (e.key === 'n') jumpError(1);
    else if (e.key === 'N') jumpError(-1);
    else if (e.key === 'Escape') onSelect(undefined);
    else if (e.key === 'Home' && rows.length) onSelect(rows[0].id);
    else if (e.key === 'End' && rows.length) onSelect(rows[rows.length - 1].id);
    else return;
    e.preventDefault();
  };

  const ticks = useMemo(() => [0, 0.25, 0.5, 0.75, 1].map((f) => ({ f, label: formatDuration(model.durationMs * f) })), [model.durationMs]);
  const total = model.durationMs || 1;
  return (
    <section className="panel waterfall" aria-label="Waterfall">
      <div className="wf-toolbar">
        <button type="button" className="btn small" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() => setCollapsed(new Set(model.order.filter((w) => w.depth >= 1 && w.children.length).map((w) => w.id)))}
        >
          Collapse to services' entries
        </button>
        <label className="row small">
          <input type="checkbox" checked={showCritical} onChange={(e) => setShowCritical(e.target.checked)} /> Critical path
        </label>
        <div className="grow" />
        <span className="muted small">
          {rows.length.toLocaleString('en-US')} of {model.order.length.toLocaleString('en-US')} spans shown
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
        aria-activedescendant={selected ? `span-${selected}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virt.getVirtualItems().map((v) => {
            const w = rows[v.index];
            return (
              <Row
                key={w.id}
                w={w}
                top={v.start}
                total={total}
                color={colors.get(w.span.service) ?? '#888'}
                selected={w.id === selected}
                collapsed={collapsed.has(w.id)}
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

interface RowProps {
  w: WSpan;
  top: number;
  total: number;
  color: string;
  selected: boolean;
  collapsed: boolean;
  showCritical: boolean;
  onToggle: (id: string) => void;
  onSelect: (id: string) => void;
}

const Row = memo(function Row({ w, top, total, color, selected, collapsed, showCritical, onToggle, onSelect }: RowProps) {
  const left = (w.startMs / total) * 100;
  const width = Math.max(0.2, (w.durationMs / total) * 100);
  // the duration label goes right of the bar, else left of it, else inside its right end
  const place = left + width < 82 ? 'right' : left > 14 ? 'left' : 'in';
  const labelStyle =
    place === 'right'
      ? { left: `calc(${left + width}% + 4px)` }
      : place === 'left'
        ? { right: `calc(${100 - left}% + 4px)` }
        : { right: `calc(${100 - left - width}% + 4px)` };
  return (
    <div
      id={`span-${w.id}`}
      role="treeitem"
      aria-level={w.depth + 1}
      aria-selected={selected}
      aria-expanded={w.children.length ? !collapsed : undefined}
      className={`wf-row${selected ? ' selected' : ''}${w.error ? ' error' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(w.id)}
    >
      <div className="wf-name" style={{ paddingLeft: 6 + Math.min(w.depth, 40) * 14 }}>
        {w.children.length ? (
          <button
            type="button"
            className="wf-twist"
            tabIndex={-1}
            aria-label={collapsed ? 'Expand' : 'Collapse'}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(w.id);
            }}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="wf-twist" />
        )}
        <span className="svc-chip" style={{ background: color }} />
        <span className="wf-svc">{w.span.service}</span>
        <span className="wf-op ellipsis" title={w.span.name}>
          {w.span.name}
        </span>
        {collapsed && <span className="badge">{countDescendants(w)}</span>}
        {w.error && <span className="wf-err" role="img" aria-label="error" />}
      </div>
      <div className="wf-time">
        <div className="wf-bar" style={{ left: `${left}%`, width: `${width}%`, background: color }}>
          {showCritical &&
            w.critical.map(([a, b], i) => (
              <span
                key={i}
                className="wf-cp"
                style={{ left: `${((a - w.startMs) / (w.durationMs || 1)) * 100}%`, width: `${((b - a) / (w.durationMs || 1)) * 100}%` }}
              />
            ))}
        </div>
        <span className={`wf-dur${place === 'in' ? ' in-bar' : ''}`} style={labelStyle}>
          {formatDuration(w.durationMs)}
        </span>
      </div>
    </div>
  );
});

function countDescendants(w: WSpan): number {
  let n = 0;
  const stack = [...w.children];
  while (stack.length) {
    const c = stack.pop()!;
    n++;
    stack.push(...c.children);
  }
  return n;
}
