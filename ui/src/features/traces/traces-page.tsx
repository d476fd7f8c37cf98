import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { traceScatterQuery, traceSearchQuery, type TraceFilters } from '../../api/queries';
import { Empty, QueryState } from '../../components/states';
import { useRange, useSetSearch } from '../../hooks/use-range';
import { formatCount } from '../../lib/format';
import { TraceList } from '../common/trace-list';
import { Scatter } from './scatter';
import { TraceFiltersBar } from './trace-filters';
import './traces.css';

const routeApi = getRouteApi('/traces');
const PAGE = 25;

export const Route = createLazyRoute('/traces')({ component: TracesPage });

/** Trace search: filters, a duration-over-time scatter (drag a box to narrow), paginated results. */
function TracesPage() {
  const search = routeApi.useSearch();
  const range = useRange();
  const setSearch = useSetSearch();
  const filters: TraceFilters = {
    service: search.service,
    endpoint: search.endpoint,
    status: search.status,
    minDuration: search.minDuration,
    maxDuration: search.maxDuration,
    attr: search.attr,
    sort: search.sort ?? 'newest',
  };
  const page = search.page ?? 1;
  const traces = useQuery(traceSearchQuery(range, filters, PAGE, (page - 1) * PAGE));
  const scatter = useQuery(traceScatterQuery(range, filters));

  return (
    <div className="page">
      <div className="page-head">
        <h1>Traces</h1>
        {scatter.data && (
          <span className="muted">
            {formatCount(scatter.data.total)} matching in this range
            {scatter.data.truncated ? ` (scatter shows ${formatCount(scatter.data.points.length)})` : ''}
          </span>
        )}
      </div>
      <TraceFiltersBar filters={filters} />
      <section className="panel">
        <header>
          <h2>Duration over time</h2>
          <span className="muted small">
            drag a box to narrow the search to its time and duration range · click a point to open its trace
          </span>
        </header>
        <QueryState
          query={scatter}
          height={220}
          isEmpty={(d) => d.points.length === 0}
          empty={<Empty title="No trace matches in this time range" height={220} />}
        >
          {(d) => (
            <Scatter
              data={d}
              onBox={(b) =>
                setSearch({ live: undefined, from: b.from, to: b.to, minDuration: b.minMs, maxDuration: b.maxMs, page: undefined })
              }
            />
          )}
        </QueryState>
      </section>
      <section className="panel table-panel">
        <header>
          <h2>Results</h2>
          <div className="seg" role="group" aria-label="Sort">
            {(['newest', 'slowest'] as const).map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={filters.sort === s}
                onClick={() => setSearch({ sort: s === 'newest' ? undefined : s, page: undefined })}
              >
                {s === 'newest' ? 'Newest' : 'Slowest'}
              </button>
            ))}
          </div>
        </header>
        <QueryState
          query={traces}
          height={300}
          isEmpty={(d) => d.traces.length === 0}
          empty={<Empty title="No trace matches the filters" height={200} />}
        >
          {(d) => (
            <>
              <TraceList traces={d.traces} />
              <div className="pager">
                <button
                  type="button"
                  className="btn small"
                  disabled={page <= 1}
                  onClick={() => setSearch({ page: page > 2 ? page - 1 : undefined })}
                >
                  ← Previous
                </button>
                <span className="muted small">
                  Page {page} · {d.offset + 1}–{d.offset + d.traces.length}
                </span>
                <button type="button" className="btn small" disabled={d.next === null} onClick={() => setSearch({ page: page + 1 })}>
                  Next →
                </button>
              </div>
            </>
          )}
        </QueryState>
      </section>
    </div>
  );
}
