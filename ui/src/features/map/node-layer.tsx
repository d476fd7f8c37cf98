import { memo, useMemo, type KeyboardEvent, type MouseEvent } from 'react';
import type { MapNode } from '../../api/types';
import { metricLabel, scales, type SizeBy } from './map-graph';
import { ServiceNode } from './service-node';

interface Props {
  nodes: MapNode[];
  positions: Record<string, { x: number; y: number }>;
  size: SizeBy;
  focus?: string;
  /** the focused node's upstream and downstream (the rest is dimmed), or null */
  lit: Set<string> | null;
  /** click or Enter: focus (or unfocus) a node */
  onSelect: (id: string) => void;
  /** double-click or Shift+Enter: open its dashboard */
  onOpen: (id: string) => void;
}

const idOf = (ev: { target: EventTarget }) => (ev.target as Element).closest<HTMLElement>('[data-id]')?.dataset.id;

/**
 * The map's nodes as plain elements inside React Flow's viewport (it pans and zooms them), with one click, double-click
 * and key handler for all. React Flow's own nodes cost a wrapper with store subscriptions, a drag handler and a
 * resize observer each, rendered three times on mount (~1 ms per node here); these render once per answer.
 */
export const NodeLayer = memo(function NodeLayer({ nodes, positions, size, focus, lit, onSelect, onOpen }: Props) {
  const scale = useMemo(() => scales(nodes, size), [nodes, size]);
  const onClick = (ev: MouseEvent) => {
    const id = idOf(ev);
    if (id) onSelect(id);
  };
  const onDoubleClick = (ev: MouseEvent) => {
    const id = idOf(ev);
    if (id) onOpen(id);
  };
  const onKeyDown = (ev: KeyboardEvent) => {
    const id = idOf(ev);
    if (!id || (ev.key !== 'Enter' && ev.key !== ' ')) return;
    ev.preventDefault();
    if (ev.key === 'Enter' && ev.shiftKey) onOpen(id);
    else onSelect(id);
  };
  return (
    <div className="map-nodes" onClick={onClick} onDoubleClick={onDoubleClick} onKeyDown={onKeyDown}>
      {nodes.map((n) => {
        const p = positions[n.id];
        if (!p) return null;
        return (
          <ServiceNode
            key={n.id}
            id={n.id}
            name={n.name}
            type={n.type}
            health={n.health}
            metric={metricLabel(n, size)}
            scale={scale.get(n.id) ?? 0}
            dim={lit !== null && !lit.has(n.id)}
            focus={n.id === focus}
            x={p.x}
            y={p.y}
          />
        );
      })}
    </div>
  );
});
