import type { SummaryResponse, Website } from '@argus/api';
import { useQueries, useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { DataTable, type Column } from '../../components/data-table';
import { Empty, QueryState } from '../../components/states';
import { useRange, useTimeSearch } from '../../hooks/use-range';
import { formatCount } from '../../lib/format';
import { VitalCell } from './vitals';
import { summaryQuery, websitesQuery } from './website-queries';
import './websites.css';

export const Route = createLazyRoute('/websites')({ component: WebsitesPage });

interface Row {
  site: Website;
  s: SummaryResponse | undefined;
}

/** Every website with its page loads, sessions, JS errors and LCP p75 in the range. */
function WebsitesPage() {
  const range = useRange();
  const time = useTimeSearch();
  const navigate = useNavigate();
  const sites = useQuery(websitesQuery());
  const list = sites.data?.websites ?? [];
  const summaries = useQueries({ queries: list.map((w) => summaryQuery(range, w.id)) });
  const rows: Row[] = list.map((site, i) => ({ site, s: summaries[i]?.data }));
  const columns = useMemo<Column<Row>[]>(
    () => [
      {
        key: 'name',
        header: 'Website',
        width: '26%',
        sort: (r) => r.site.name.toLowerCase(),
        cell: (r) => (
          <Link to="/websites/$id" params={{ id: r.site.id }} search={time as never}>
            {r.site.name}
          </Link>
        ),
      },
      { key: 'loads', header: 'Page loads', numeric: true, sort: (r) => r.s?.pageLoads ?? null, cell: (r) => formatCount(r.s?.pageLoads) },
      { key: 'views', header: 'Page views', numeric: true, sort: (r) => r.s?.pageViews ?? null, cell: (r) => formatCount(r.s?.pageViews) },
      { key: 'sessions', header: 'Sessions', numeric: true, sort: (r) => r.s?.sessions ?? null, cell: (r) => formatCount(r.s?.sessions) },
      {
        key: 'errors',
        header: 'JS errors',
        numeric: true,
        sort: (r) => r.s?.jsErrors ?? null,
        cell: (r) => <span className={r.s?.jsErrors ? 'err-text' : undefined}>{formatCount(r.s?.jsErrors)}</span>,
      },
      {
        key: 'lcp',
        header: 'LCP p75',
        numeric: true,
        sort: (r) => r.s?.webVitals.lcp.p75 ?? null,
        cell: (r) => (r.s ? <VitalCell name="lcp" vital={r.s.webVitals.lcp} /> : '–'),
      },
      {
        key: 'origins',
        header: 'Allowed origins',
        width: '24%',
        cell: (r) => (
          <span className="muted small ellipsis" title={r.site.allowedOrigins.join(', ')}>
            {r.site.allowedOrigins.join(', ')}
          </span>
        ),
      },
    ],
    [time],
  );
  return (
    <div className="page">
      <div className="page-head">
        <h1>Websites</h1>
        <span className="muted">real-user monitoring of page loads, web vitals, errors and calls</span>
        <div className="grow" />
        <Link className="btn primary" to="/websites/new" search={time as never}>
          Add website
        </Link>
      </div>
      <section className="panel table-panel">
        <QueryState
          query={sites}
          height={200}
          isEmpty={(d) => d.websites.length === 0}
          empty={
            <Empty title="No website is monitored yet" height={200}>
              Add one to get its snippet: page loads, web vitals, JavaScript errors and XHR/fetch calls arrive as soon as a visitor opens a
              page.
            </Empty>
          }
        >
          {() => (
            <DataTable
              rows={rows}
              columns={columns}
              rowKey={(r) => r.site.id}
              label="Websites"
              defaultSort={{ key: 'views', asc: false }}
              onOpen={(r) => void navigate({ to: '/websites/$id', params: { id: r.site.id }, search: time as never })}
            />
          )}
        </QueryState>
      </section>
    </div>
  );
}
