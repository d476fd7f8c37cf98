import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { traceSearchQuery, type TraceFilters } from '../../api/queries';
import { Empty, QueryState } from '../../components/states';
import { useRange, useTimeSearch } from '../../hooks/use-range';
import { TraceList } from './trace-list';

const TABS = [
  { id: 'recent', label: 'Recent', filters: { sort: 'newest' } },
  { id: 'slow', label: 'Slowest', filters: { sort: 'slowest' } },
  { id: 'errors', label: 'Erroneous', filters: { sort: 'newest', status: 'error' } },
] as const satisfies ReadonlyArray<{ id: string; label: string; filters: TraceFilters }>;

/** Recent, slowest and erroneous traces of a service or endpoint (10 each), with a link to the full search. */
export function RecentTraces({ service, endpoint }: { service: string; endpoint?: string }) {
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('recent');
  const range = useRange();
  const time = useTimeSearch();
  const current = TABS.find((t) => t.id === tab)!;
  const filters: TraceFilters = { service, endpoint, ...current.filters };
  const traces = useQuery(traceSearchQuery(range, filters, 10));
  return (
    <section className="panel table-panel">
      <header>
        <h2>Traces</h2>
        <div className="tabs" role="tablist" aria-label="Trace lists">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" className="tab" aria-selected={t.id === tab} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
        <div className="grow" />
        <Link to="/traces" search={{ ...time, ...filters } as never} className="small">
          All matching traces →
        </Link>
      </header>
      <div role="tabpanel" aria-label={current.label}>
        <QueryState
          query={traces}
          height={200}
          isEmpty={(d) => d.traces.length === 0}
          empty={
            <Empty title={tab === 'errors' ? 'No erroneous traces in this time range' : 'No traces in this time range'} height={200} />
          }
        >
          {(d) => <TraceList traces={d.traces} showService={false} />}
        </QueryState>
      </div>
    </section>
  );
}
