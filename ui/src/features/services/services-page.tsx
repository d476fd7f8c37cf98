import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { servicesQuery, sparklinesQuery } from '../../api/queries';
import type { ServiceSummary } from '../../api/types';
import { Sparkline } from '../../components/chart/sparkline';
import { DataTable, type Column } from '../../components/data-table';
import { HealthDot, TYPE_LABEL, TypeIcon } from '../../components/health';
import { Empty, QueryState } from '../../components/states';
import { useRange, useSetSearch, useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatPercent, formatRate } from '../../lib/format';
import { SERVICE_TYPES } from '../../search-params';
import './services.css';

const routeApi = getRouteApi('/services');

export const Route = createLazyRoute('/services')({ component: ServicesPage });

/** Every service (instrumented and inferred) with its KPIs and a call-rate trend; sortable, filterable. */
function ServicesPage() {
  const search = routeApi.useSearch();
  const range = useRange();
  const time = useTimeSearch();
  const setSearch = useSetSearch();
  const navigate = useNavigate();
  const services = useQuery(servicesQuery(range));
  const sparks = useQuery(sparklinesQuery(range));
  const host = search.host;
  const onHost = useQuery({
    queryKey: ['instances', range.key, host],
    queryFn: ({ signal }) => api.get<{ services: string[] }>('/service-instances', { host, ...range.bounds() }, signal),
    enabled: Boolean(host),
  });

  const rows = useMemo(() => {
    const q = (search.q ?? '').toLowerCase();
    const allowed = host ? new Set(onHost.data?.services ?? []) : null;
    return (services.data?.services ?? []).filter(
      (s) => (!q || s.name.toLowerCase().includes(q)) && (!search.type || s.type === search.type) && (!allowed || allowed.has(s.name)),
    );
  }, [services.data, search.q, search.type, host, onHost.data]);

  const columns = useMemo<Column<ServiceSummary>[]>(
    () => [
      {
        key: 'name',
        header: 'Service',
        width: '30%',
        sort: (s) => s.name.toLowerCase(),
        cell: (s) => (
          <span className="cell-name">
            <HealthDot health={s.health} />
            <TypeIcon type={s.type} />
            <Link to="/services/$name" params={{ name: s.name }} search={time as never}>
              {s.name}
            </Link>
          </span>
        ),
      },
      { key: 'type', header: 'Type', width: '10%', sort: (s) => s.type, cell: (s) => TYPE_LABEL[s.type] },
      { key: 'calls', header: 'Calls', numeric: true, sort: (s) => s.kpis.callsPerSecond, cell: (s) => formatRate(s.kpis.callsPerSecond) },
      {
        key: 'errors',
        header: 'Error rate',
        numeric: true,
        sort: (s) => s.kpis.errorRate,
        cell: (s) => <span className={s.kpis.errorRate >= 0.02 ? 'err-text' : undefined}>{formatPercent(s.kpis.errorRate)}</span>,
      },
      { key: 'p50', header: 'p50', numeric: true, sort: (s) => s.kpis.p50Ms, cell: (s) => formatDuration(s.kpis.p50Ms) },
      { key: 'p99', header: 'p99', numeric: true, sort: (s) => s.kpis.p99Ms, cell: (s) => formatDuration(s.kpis.p99Ms) },
      {
        key: 'trend',
        header: 'Calls trend',
        width: '130px',
        cell: (s) => {
          const pts = sparks.data?.series[s.name];
          return pts ? (
            <Sparkline values={pts.map((p) => p.callsPerSecond)} label={`${s.name} calls per second trend`} />
          ) : (
            <span className="muted">–</span>
          );
        },
      },
    ],
    [time, sparks.data],
  );

  const sort = { key: search.sort ?? 'calls', asc: search.asc ?? false };
  return (
    <div className="page">
      <div className="page-head">
        <h1>Services</h1>
        {services.data && (
          <span className="muted">
            {rows.length} of {services.data.services.length}
          </span>
        )}
        <div className="grow" />
        <input
          className="input"
          type="search"
          placeholder="Filter by name"
          aria-label="Filter services by name"
          value={search.q ?? ''}
          onChange={(e) => setSearch({ q: e.target.value || undefined }, true)}
        />
        <select
          className="select"
          aria-label="Filter by type"
          value={search.type ?? ''}
          onChange={(e) => setSearch({ type: e.target.value || undefined })}
        >
          <option value="">All types</option>
          {SERVICE_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABEL[t]}
            </option>
          ))}
        </select>
      </div>
      {host && (
        <div className="filter-chip">
          Services on host <b>{host}</b>
          <button type="button" className="btn small" onClick={() => setSearch({ host: undefined })} aria-label="Clear host filter">
            ✕
          </button>
        </div>
      )}
      <section className="panel table-panel">
        <QueryState
          query={services}
          height={300}
          isEmpty={(d) => d.services.length === 0}
          empty={
            <Empty title="No services in this time range" height={300}>
              Send traces to the ingest port (OTLP/HTTP) or start with <code>--demo</code>; services appear within seconds.
            </Empty>
          }
        >
          {() =>
            rows.length === 0 ? (
              <Empty title="No service matches the filters" height={200} />
            ) : (
              <DataTable
                rows={rows}
                columns={columns}
                rowKey={(s) => s.name}
                label="Services"
                sort={sort}
                onSort={(s) => setSearch({ sort: s.key, asc: s.asc || undefined }, true)}
                onOpen={(s) => void navigate({ to: '/services/$name', params: { name: s.name }, search: time as never })}
              />
            )
          }
        </QueryState>
      </section>
    </div>
  );
}
