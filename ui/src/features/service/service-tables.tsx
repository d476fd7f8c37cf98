import { Link, useNavigate } from '@tanstack/react-router';
import { memo, useMemo } from 'react';
import type { Health, Kpis, ServiceType } from '../../api/types';
import { DataTable, type Column } from '../../components/data-table';
import { HealthDot, TypeIcon } from '../../components/health';
import { useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatPercent, formatRate } from '../../lib/format';

const kpiColumns = <T extends { kpis: Kpis }>(): Column<T>[] => [
  { key: 'calls', header: 'Calls', numeric: true, sort: (r) => r.kpis.callsPerSecond, cell: (r) => formatRate(r.kpis.callsPerSecond) },
  {
    key: 'errors',
    header: 'Error rate',
    numeric: true,
    sort: (r) => r.kpis.errorRate,
    cell: (r) => <span className={r.kpis.errorRate >= 0.02 ? 'err-text' : undefined}>{formatPercent(r.kpis.errorRate)}</span>,
  },
  { key: 'p50', header: 'p50', numeric: true, sort: (r) => r.kpis.p50Ms, cell: (r) => formatDuration(r.kpis.p50Ms) },
  { key: 'p99', header: 'p99', numeric: true, sort: (r) => r.kpis.p99Ms, cell: (r) => formatDuration(r.kpis.p99Ms) },
];

interface EndpointRow {
  name: string;
  kpis: Kpis;
  health: Health;
}

export const EndpointsTable = memo(function EndpointsTable({ service, endpoints }: { service: string; endpoints: EndpointRow[] }) {
  const time = useTimeSearch();
  const navigate = useNavigate();
  const columns = useMemo<Column<EndpointRow>[]>(
    () => [
      {
        key: 'name',
        header: 'Endpoint',
        width: '40%',
        sort: (r) => r.name,
        cell: (r) => (
          <span className="cell-name">
            <HealthDot health={r.health} />
            <Link
              to="/services/$name/endpoints/$endpoint"
              params={{ name: service, endpoint: r.name }}
              search={time as never}
              title={r.name}
            >
              {r.name}
            </Link>
          </span>
        ),
      },
      ...kpiColumns<EndpointRow>(),
    ],
    [service, time],
  );
  return (
    <DataTable
      rows={endpoints}
      columns={columns}
      rowKey={(r) => r.name}
      label={`Endpoints of ${service}`}
      defaultSort={{ key: 'calls', asc: false }}
      onOpen={(r) =>
        void navigate({ to: '/services/$name/endpoints/$endpoint', params: { name: service, endpoint: r.name }, search: time as never })
      }
    />
  );
});

interface RelationRow {
  service: string;
  type?: ServiceType;
  endpoint?: string;
  kpis: Kpis;
}

/** Upstream / downstream services (or endpoints) with the KPIs of the calls between them. */
export const Relations = memo(function Relations({ rows, label }: { rows: RelationRow[]; label: string }) {
  const time = useTimeSearch();
  const navigate = useNavigate();
  const open = (r: RelationRow) =>
    r.endpoint
      ? void navigate({
          to: '/services/$name/endpoints/$endpoint',
          params: { name: r.service, endpoint: r.endpoint },
          search: time as never,
        })
      : void navigate({ to: '/services/$name', params: { name: r.service }, search: time as never });
  const columns = useMemo<Column<RelationRow>[]>(
    () => [
      {
        key: 'name',
        header: rows.some((r) => r.endpoint) ? 'Service / endpoint' : 'Service',
        width: '40%',
        sort: (r) => `${r.service} ${r.endpoint ?? ''}`,
        cell: (r) => (
          <span className="cell-name">
            {r.type && <TypeIcon type={r.type} />}
            <Link to="/services/$name" params={{ name: r.service }} search={time as never}>
              {r.service}
            </Link>
            {r.endpoint && (
              <>
                <span className="muted">›</span>
                <Link
                  to="/services/$name/endpoints/$endpoint"
                  params={{ name: r.service, endpoint: r.endpoint }}
                  search={time as never}
                  className="ellipsis"
                  title={r.endpoint}
                >
                  {r.endpoint}
                </Link>
              </>
            )}
          </span>
        ),
      },
      ...kpiColumns<RelationRow>(),
    ],
    [rows, time],
  );
  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(r) => `${r.service}|${r.endpoint ?? ''}`}
      label={label}
      defaultSort={{ key: 'calls', asc: false }}
      onOpen={open}
    />
  );
});
