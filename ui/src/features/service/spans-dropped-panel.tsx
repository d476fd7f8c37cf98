import { useQueries } from '@tanstack/react-query';
import type { ServiceDetail } from '../../api/types';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useRange } from '../../hooks/use-range';
import { formatCount, formatPercent } from '../../lib/format';
import { metricQuery } from '../infrastructure/infra-queries';
import { EntityLink } from './where-it-runs';
import { DROPPED_METRIC, EXPORTED_METRIC, spansInRange, tracerEntities } from './spans-dropped';

const REASON: Record<string, string> = {
  queue_full: 'queue full (the process made spans faster than they could be sent)',
  export_failed: 'export failed (agent or collector unreachable or refusing)',
};

/**
 * Spans the service's Argus Node.js tracers could not deliver in the time range (issue 21): the tracers' counters
 * under their runtime entities, summed over the range. A warning when non-zero, a quiet zero state otherwise.
 */
export function SpansDropped({ detail }: { detail: ServiceDetail }) {
  const range = useRange();
  const entities = tracerEntities(detail.runsOn);
  const results = useQueries({
    queries: entities.flatMap((e) => [metricQuery(range, e, DROPPED_METRIC, {}, 120), metricQuery(range, e, EXPORTED_METRIC, {}, 120)]),
  });
  if (entities.length === 0)
    return (
      <p className="pad muted small" data-testid="spans-dropped">
        Spans dropped: no Argus Node.js tracer reports through an agent for this service (processes exporting straight to the collector
        report their drops as a collector metric only).
      </p>
    );
  const failed = results.find((r) => r.error && !r.data);
  if (failed) return <ErrorState error={failed.error} height={60} retry={() => void failed.refetch()} />;
  if (results.some((r) => !r.data)) return <Loading height={60} label="Loading tracer drops" />;
  const rows = entities.map((e, i) => ({
    entity: e,
    dropped: spansInRange(results[2 * i].data),
    exported: spansInRange(results[2 * i + 1].data),
  }));
  const dropped = rows.reduce((n, r) => n + r.dropped.total, 0);
  const exported = rows.reduce((n, r) => n + r.exported.total, 0);
  const reasons: Record<string, number> = {};
  for (const r of rows) for (const [k, v] of Object.entries(r.dropped.byReason)) reasons[k] = (reasons[k] ?? 0) + v;
  const of = `${entities.length} Node.js process${entities.length === 1 ? '' : 'es'}`;
  if (dropped === 0)
    return (
      <div data-testid="spans-dropped">
        <Empty title="No spans dropped by the tracers" height={60}>
          The tracers of {of} delivered every span in this range ({formatCount(exported)} exported).
        </Empty>
      </div>
    );
  return (
    <div className="pad" data-testid="spans-dropped">
      <p>
        <span className="badge warning">{formatCount(dropped)} spans dropped</span>{' '}
        <span className="small">
          {formatPercent(dropped / Math.max(1, dropped + exported))} of the spans the tracers of {of} made in this range were not delivered:
          traces of this service are incomplete.
        </span>
      </p>
      <ul className="small">
        {Object.entries(reasons)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => (
            <li key={k}>
              {formatCount(n)} — {REASON[k] ?? k}
            </li>
          ))}
      </ul>
      <table className="data-table" aria-label="Spans dropped by process">
        <thead>
          <tr>
            <th>Runtime</th>
            <th className="num">Dropped</th>
            <th className="num">Exported</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.entity}>
              <td className="mono small ellipsis">
                <EntityLink id={r.entity} label={`Runtime ${r.entity}`}>
                  {r.entity}
                </EntityLink>
              </td>
              <td className="num">{formatCount(r.dropped.total)}</td>
              <td className="num">{formatCount(r.exported.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
