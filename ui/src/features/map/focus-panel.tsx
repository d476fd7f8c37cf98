import { Link } from '@tanstack/react-router';
import type { MapEdge, MapNode } from '../../api/types';
import { HealthBadge, TYPE_LABEL, TypeIcon } from '../../components/health';
import { useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatPercent, formatRate } from '../../lib/format';

/** The selected node's KPIs and direct neighbours, with the way into its dashboard. */
export function FocusPanel({ node, edges, onClose }: { node: MapNode; edges: MapEdge[]; onClose: () => void }) {
  const time = useTimeSearch();
  const callers = edges.filter((e) => e.target === node.id);
  const callees = edges.filter((e) => e.source === node.id);
  return (
    <aside className="focus-panel panel" aria-label={`${node.name} summary`}>
      <header>
        <TypeIcon type={node.type} size={16} />
        <h2 className="ellipsis">{node.name}</h2>
        <button type="button" className="btn small icon-btn" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <div className="panel-body focus-body">
        <div className="row">
          <HealthBadge health={node.health} />
          <span className="badge">{TYPE_LABEL[node.type]}</span>
        </div>
        <dl className="focus-kpis">
          <div>
            <dt>Calls</dt>
            <dd>{formatRate(node.kpis.callsPerSecond)}</dd>
          </div>
          <div>
            <dt>Error rate</dt>
            <dd>{formatPercent(node.kpis.errorRate)}</dd>
          </div>
          <div>
            <dt>p50</dt>
            <dd>{formatDuration(node.kpis.p50Ms)}</dd>
          </div>
          <div>
            <dt>p99</dt>
            <dd>{formatDuration(node.kpis.p99Ms)}</dd>
          </div>
        </dl>
        <div className="small muted">
          {callers.length} caller{callers.length === 1 ? '' : 's'} · {callees.length} callee{callees.length === 1 ? '' : 's'}
        </div>
        <Link className="btn primary" to="/services/$name" params={{ name: node.id }} search={time as never}>
          Open service dashboard
        </Link>
      </div>
    </aside>
  );
}
