import type { BreakdownResponse } from '@argus/api';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { DataTable, type Column } from '../../components/data-table';
import { Empty, QueryState } from '../../components/states';
import { useRange, useSetSearch } from '../../hooks/use-range';
import { formatCount, formatDuration } from '../../lib/format';
import { VitalCell } from './vitals';
import { breakdownQuery } from './website-queries';
import { DIMENSIONS, type Dimension } from './website-search';

type Row = BreakdownResponse['rows'][number];

const LABEL: Record<Dimension, string> = { page: 'Page', browser: 'Browser', os: 'OS', device: 'Device', country: 'Country' };

/** Traffic and experience broken down by page, browser, OS, device or country (the dimension is in the URL). */
export function PagesTab({ id, by = 'page' }: { id: string; by?: Dimension }) {
  const range = useRange();
  const setSearch = useSetSearch();
  const q = useQuery(breakdownQuery(range, id, by, 500));
  const columns = useMemo<Column<Row>[]>(
    () => [
      {
        key: 'value',
        header: LABEL[by],
        width: '24%',
        sort: (r) => r.value,
        cell: (r) => (
          <span className="ellipsis" title={r.value}>
            {r.value || <span className="muted">unknown</span>}
          </span>
        ),
      },
      { key: 'loads', header: 'Page loads', numeric: true, sort: (r) => r.pageLoads, cell: (r) => formatCount(r.pageLoads) },
      { key: 'views', header: 'Views', numeric: true, sort: (r) => r.pageViews, cell: (r) => formatCount(r.pageViews) },
      { key: 'sessions', header: 'Sessions', numeric: true, sort: (r) => r.sessions, cell: (r) => formatCount(r.sessions) },
      {
        key: 'errors',
        header: 'JS errors',
        numeric: true,
        sort: (r) => r.jsErrors,
        cell: (r) => <span className={r.jsErrors ? 'err-text' : undefined}>{formatCount(r.jsErrors)}</span>,
      },
      { key: 'http', header: 'HTTP calls', numeric: true, sort: (r) => r.httpCalls, cell: (r) => formatCount(r.httpCalls) },
      { key: 'load', header: 'Load p75', numeric: true, sort: (r) => r.loadTime.p75, cell: (r) => formatDuration(r.loadTime.p75) },
      {
        key: 'lcp',
        header: 'LCP',
        numeric: true,
        sort: (r) => r.webVitals.lcp.p75,
        cell: (r) => <VitalCell name="lcp" vital={r.webVitals.lcp} />,
      },
      {
        key: 'inp',
        header: 'INP',
        numeric: true,
        sort: (r) => r.webVitals.inp.p75,
        cell: (r) => <VitalCell name="inp" vital={r.webVitals.inp} />,
      },
      {
        key: 'cls',
        header: 'CLS',
        numeric: true,
        sort: (r) => r.webVitals.cls.p75,
        cell: (r) => <VitalCell name="cls" vital={r.webVitals.cls} />,
      },
    ],
    [by],
  );
  return (
    <section className="panel table-panel">
      <header>
        <h2>By {LABEL[by].toLowerCase()}</h2>
        <div className="seg" role="group" aria-label="Break down by">
          {DIMENSIONS.map((d) => (
            <button key={d} type="button" aria-pressed={d === by} onClick={() => setSearch({ by: d === 'page' ? undefined : d }, true)}>
              {LABEL[d]}
            </button>
          ))}
        </div>
      </header>
      <QueryState
        query={q}
        height={200}
        isEmpty={(d) => d.rows.length === 0}
        empty={<Empty title="No page views in this time range" height={200} />}
      >
        {(d) => (
          <DataTable
            rows={d.rows}
            columns={columns}
            rowKey={(r) => r.value}
            label={`Breakdown by ${LABEL[by].toLowerCase()}`}
            defaultSort={{ key: 'views', asc: false }}
          />
        )}
      </QueryState>
    </section>
  );
}
