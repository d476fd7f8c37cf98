import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTimeSearch } from '../../hooks/use-range';
import { useLayout } from '../map/use-layout';
import type { IncidentGraph } from './alert-types';

const W = 168;
const H = 38;
const PAD = 16;

type Role = 'root' | 'trigger' | 'affected' | 'context';

const ROLE_TEXT: Record<Role, string> = {
  root: 'root cause',
  trigger: 'trigger',
  affected: 'affected',
  context: 'on the path',
};

/**
 * The part of the dependency graph an incident touches, laid out left to right (a node -> what it depends on): the
 * root cause outlined red, triggers orange, other anomalous (affected) components amber; each node opens its service
 * or entity page.
 */
export function RootCauseGraph({
  graph,
  rootCause,
  triggers,
  affected,
}: {
  graph: IncidentGraph;
  rootCause?: string;
  triggers: ReadonlySet<string>;
  affected: ReadonlySet<string>;
}) {
  const time = useTimeSearch();
  const key = useMemo(() => `${graph.nodes.map((n) => n.id).join(',')}|${graph.edges.map((e) => e.join('>')).join(',')}`, [graph]);
  const input = useMemo(
    () => ({
      nodes: graph.nodes.map((n) => ({ id: n.id, width: W, height: H })),
      edges: graph.edges.map(([source, target]) => ({ source, target })),
      direction: 'LR' as const,
    }),
    [graph],
  );
  const { result, error } = useLayout(input, key);
  if (error) return <p className="pad err-text">Layout failed: {error}</p>;
  if (!result) return <div className="rc-graph loading" style={{ height: 160 }} role="status" aria-label="Laying out the graph" />;
  const pos = result.positions;
  const role = (id: string): Role => (id === rootCause ? 'root' : triggers.has(id) ? 'trigger' : affected.has(id) ? 'affected' : 'context');
  const width = result.width + 2 * PAD;
  const height = result.height + 2 * PAD;
  return (
    <div className="rc-graph">
      {/* one box at the drawing's aspect ratio (never larger than its natural size): the SVG edges and the HTML nodes
          (links, ellipsis) are placed in it by the same percentages */}
      <div className="rc-canvas" style={{ aspectRatio: `${width} / ${height}`, maxWidth: width }}>
        <svg viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
          <defs>
            <marker id="rc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0 0L10 5L0 10z" fill="var(--muted)" />
            </marker>
          </defs>
          {graph.edges.map(([a, b]) => {
            const p = pos[a];
            const q = pos[b];
            if (!p || !q) return null;
            // positions are top-left corners (layout.ts): from the right middle of a node to the left middle of the other
            const x1 = PAD + p.x + W;
            const y1 = PAD + p.y + H / 2;
            const x2 = PAD + q.x;
            const y2 = PAD + q.y + H / 2;
            const mx = (x1 + x2) / 2;
            return (
              <path
                key={`${a}>${b}`}
                d={`M${x1} ${y1}C${mx} ${y1} ${mx} ${y2} ${x2} ${y2}`}
                fill="none"
                stroke="var(--edge)"
                strokeWidth={1.5}
                markerEnd="url(#rc-arrow)"
              />
            );
          })}
        </svg>
        {graph.nodes.map((n) => {
          const p = pos[n.id];
          if (!p) return null;
          const r = role(n.id);
          const label = `${n.kind === 'entity' ? (n.entityType ?? 'entity') : n.kind} ${n.name}`;
          const style = {
            left: `${((PAD + p.x) / width) * 100}%`,
            top: `${((PAD + p.y) / height) * 100}%`,
            width: `${(W / width) * 100}%`,
            height: `${(H / height) * 100}%`,
          };
          const body = (
            <>
              <span className="rc-kind">{n.kind === 'entity' ? (n.entityType ?? 'entity') : n.kind}</span>
              <span className="ellipsis">{n.name}</span>
            </>
          );
          const title = `${label} (${ROLE_TEXT[r]})`;
          return n.entityId ? (
            <Link
              key={n.id}
              className={`rc-node ${r}`}
              style={style}
              title={title}
              to="/infrastructure/entities/$id"
              params={{ id: n.entityId }}
              search={time as never}
            >
              {body}
            </Link>
          ) : n.kind === 'service' ? (
            <Link
              key={n.id}
              className={`rc-node ${r}`}
              style={style}
              title={title}
              to="/services/$name"
              params={{ name: n.name }}
              search={time as never}
            >
              {body}
            </Link>
          ) : (
            <span key={n.id} className={`rc-node ${r}`} style={style} title={title}>
              {body}
            </span>
          );
        })}
      </div>
      <div className="rc-legend small muted">
        <span className="rc-node root legend">root cause</span>
        <span className="rc-node trigger legend">trigger</span>
        <span className="rc-node affected legend">affected</span>
        <span>arrows point to what a component depends on</span>
      </div>
    </div>
  );
}
