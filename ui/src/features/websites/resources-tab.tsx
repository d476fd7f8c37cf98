import type { ResourcesResponse } from '@argus/api';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { DataTable, type Column } from '../../components/data-table';
import { Empty, QueryState } from '../../components/states';
import { useRange } from '../../hooks/use-range';
import { formatBytes, formatCount, formatDuration, formatPercent } from '../../lib/format';
import { resourcesQuery } from './website-queries';

type Resource = ResourcesResponse['resources'][number];

/** The page's resources (scripts, styles, images, fonts...) by p95 load time. */
export function ResourcesTab({ id }: { id: string }) {
  const range = useRange();
  const q = useQuery(resourcesQuery(range, id, 200));
  return (
    <section className="panel table-panel">
      <header>
        <h2>Resources</h2>
        <span className="muted small">slowest p95 first; XHR/fetch calls are under HTTP calls</span>
      </header>
      <QueryState
        query={q}
        height={200}
        isEmpty={(d) => d.resources.length === 0}
        empty={<Empty title="No resource timings in this time range" height={200} />}
      >
        {(d) => <ResourcesTable rows={d.resources} />}
      </QueryState>
    </section>
  );
}

/** Path of a same-site URL, the full URL otherwise. */
function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.origin === window.location.origin ? u.pathname + u.search : `${u.host}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

export function ResourcesTable({ rows, compact = false }: { rows: Resource[]; compact?: boolean }) {
  const columns = useMemo<Column<Resource>[]>(() => {
    const all: Column<Resource>[] = [
      {
        key: 'url',
        header: 'Resource',
        width: compact ? '52%' : '38%',
        sort: (r) => r.url,
        cell: (r) => (
          <span className="ellipsis mono small" title={r.url}>
            {shortUrl(r.url)}
          </span>
        ),
      },
      { key: 'initiator', header: 'Type', sort: (r) => r.initiator, cell: (r) => r.initiator || '–' },
      { key: 'count', header: 'Loads', numeric: true, sort: (r) => r.count, cell: (r) => formatCount(r.count, true) },
      { key: 'p50', header: 'p50', numeric: true, sort: (r) => r.p50, cell: (r) => formatDuration(r.p50) },
      { key: 'p95', header: 'p95', numeric: true, sort: (r) => r.p95, cell: (r) => formatDuration(r.p95) },
      { key: 'max', header: 'Max', numeric: true, sort: (r) => r.max, cell: (r) => formatDuration(r.max) },
      {
        key: 'size',
        header: 'Transfer',
        numeric: true,
        sort: (r) => r.avgTransferBytes,
        cell: (r) => formatBytes(Math.round(r.avgTransferBytes)),
      },
      { key: 'cache', header: 'Cached', numeric: true, sort: (r) => r.cacheHitRatio, cell: (r) => formatPercent(r.cacheHitRatio) },
    ];
    return compact ? all.filter((c) => ['url', 'count', 'p95', 'size'].includes(c.key)) : all;
  }, [compact]);
  return <DataTable rows={rows} columns={columns} rowKey={(r) => r.url} label="Resources" defaultSort={{ key: 'p95', asc: false }} />;
}
