import type { HttpCallsResponse } from '@argus/api';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { DataTable, type Column } from '../../components/data-table';
import { Empty, QueryState } from '../../components/states';
import { useRange, useSetSearch, useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatTimeMs } from '../../lib/format';
import { httpCallsQuery } from './website-queries';
import type { HttpCallsSearch } from './website-search';

type Call = HttpCallsResponse['calls'][number];

const STATUS_TEXT: Record<number, string> = { [-1]: 'network error', [-2]: 'timeout', [-3]: 'aborted' };

/** The browser's XHR/fetch calls, newest first, linked to the backend trace when one was correlated. */
export function HttpCallsTab({ id, search }: { id: string; search: HttpCallsSearch }) {
  const range = useRange();
  const time = useTimeSearch();
  const setSearch = useSetSearch();
  const [text, setText] = useState(search.url ?? '');
  const q = useQuery(httpCallsQuery(range, id, search, 500));
  const columns = useMemo<Column<Call>[]>(
    () => [
      {
        key: 'time',
        header: 'Time',
        width: '100px',
        sort: (c) => c.time,
        cell: (c) => <span className="small">{formatTimeMs(c.time)}</span>,
      },
      {
        key: 'method',
        header: 'Method',
        width: '70px',
        sort: (c) => c.method,
        cell: (c) => <span className="mono small">{c.method}</span>,
      },
      {
        key: 'url',
        header: 'URL',
        width: '34%',
        sort: (c) => c.url,
        cell: (c) => (
          <span className="mono small ellipsis" title={c.url}>
            {c.url}
          </span>
        ),
      },
      {
        key: 'status',
        header: 'Status',
        width: '90px',
        sort: (c) => c.status,
        cell: (c) => <span className={c.status >= 400 || c.status < 0 ? 'err-text' : undefined}>{STATUS_TEXT[c.status] ?? c.status}</span>,
      },
      {
        key: 'duration',
        header: 'Duration',
        numeric: true,
        width: '90px',
        sort: (c) => c.durationMs,
        cell: (c) => formatDuration(c.durationMs),
      },
      { key: 'page', header: 'Page', sort: (c) => c.page, cell: (c) => <span className="ellipsis small">{c.page}</span> },
      {
        key: 'trace',
        header: 'Backend trace',
        width: '130px',
        cell: (c) =>
          c.backendTraceId ? (
            <Link
              to="/traces/$traceId"
              params={{ traceId: c.backendTraceId }}
              search={time as never}
              className="mono small"
              title={c.backendTraceFound ? 'open the backend trace' : 'the trace id the backend answered with (not stored, or not yet)'}
            >
              {c.backendTraceId.slice(0, 12)}…
            </Link>
          ) : (
            <span className="muted small">none</span>
          ),
      },
      {
        key: 'session',
        header: 'Session',
        width: '110px',
        cell: (c) =>
          c.sessionId ? (
            <Link
              to="/websites/$id/sessions/$sessionId"
              params={{ id, sessionId: c.sessionId }}
              search={time as never}
              className="mono small"
            >
              {c.sessionId.slice(0, 10)}
            </Link>
          ) : (
            '–'
          ),
      },
    ],
    [id, time],
  );
  return (
    <section className="panel table-panel">
      <header>
        <h2>XHR and fetch calls</h2>
        <form
          className="row"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setSearch({ url: text.trim() || undefined }, true);
          }}
        >
          <input
            className="input"
            type="search"
            placeholder="URL contains…"
            aria-label="Filter by URL"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn">
            Filter
          </button>
        </form>
        <button
          type="button"
          className="btn"
          aria-pressed={search.withTrace === true}
          onClick={() => setSearch({ withTrace: search.withTrace ? undefined : true }, true)}
        >
          With backend trace
        </button>
      </header>
      <QueryState
        query={q}
        height={200}
        isEmpty={(d) => d.calls.length === 0}
        empty={<Empty title="No XHR or fetch calls match in this time range" height={200} />}
      >
        {(d) => (
          <DataTable
            rows={d.calls}
            columns={columns}
            rowKey={(c) => `${c.time}|${c.sessionId}|${c.url}|${c.backendTraceId ?? ''}`}
            label="HTTP calls"
          />
        )}
      </QueryState>
    </section>
  );
}
