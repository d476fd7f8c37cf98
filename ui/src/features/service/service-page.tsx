import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { ApiError } from '../../api/client';
import { histogramQuery, kpiSeriesQuery, serviceQuery } from '../../api/queries';
import { HealthBadge, TYPE_LABEL, TypeIcon } from '../../components/health';
import { Empty, Loading, QueryState } from '../../components/states';
import { useRange, useSetSearch, useTimeSearch } from '../../hooks/use-range';
import { KpiCharts, KpiTiles } from '../common/kpi-panels';
import { LatencyDistribution } from '../common/latency-distribution';
import { RecentTraces } from '../common/recent-traces';
import { EndpointsTable, Relations } from './service-tables';
import { SpansDropped } from './spans-dropped-panel';
import { WhereItRuns } from './where-it-runs';
import './service.css';

const routeApi = getRouteApi('/services/$name');

export const Route = createLazyRoute('/services/$name')({ component: ServicePage });

/** One service: golden signals, latency distribution, endpoints, upstream/downstream, where it runs, traces. */
function ServicePage() {
  const { name } = routeApi.useParams();
  const range = useRange();
  const time = useTimeSearch();
  const scope = { scope: 'service', service: name } as const;
  const detail = useQuery(serviceQuery(range, name));
  const series = useQuery(kpiSeriesQuery(range, scope));
  const hist = useQuery(histogramQuery(range, scope));
  const d = detail.data;
  const setSearch = useSetSearch();

  if (!d && detail.error instanceof ApiError && detail.error.code === 'SERVICE_NOT_FOUND') {
    return (
      <div className="page">
        <div className="crumbs">
          <Link to="/services" search={time as never}>
            Services
          </Link>
          <span aria-hidden="true">/</span>
        </div>
        <h1>{name}</h1>
        <div className="panel">
          <Empty title={`No calls to or from ${name} in this time range`} height={220}>
            <button type="button" className="btn" onClick={() => setSearch({ live: '24h', from: undefined, to: undefined })}>
              Look at the last 24 hours
            </button>
          </Empty>
        </div>
      </div>
    );
  }

  return (
    <div className="page">
      <div className="crumbs">
        <Link to="/services" search={time as never}>
          Services
        </Link>
        <span aria-hidden="true">/</span>
      </div>
      <div className="page-head">
        <h1>
          {d && <TypeIcon type={d.type} size={18} />}
          <span className="ellipsis">{name}</span>
        </h1>
        {d && <HealthBadge health={d.health} />}
        {d && <span className="badge">{TYPE_LABEL[d.type]}</span>}
        <div className="grow" />
        <Link className="btn" to="/map" search={{ ...time, focus: name } as never}>
          Show on map
        </Link>
        <Link className="btn" to="/traces" search={{ ...time, service: name } as never}>
          Search traces
        </Link>
      </div>
      <QueryState query={detail} height={80}>
        {(data) => (data.kpis ? <KpiTiles kpis={data.kpis} /> : <Empty title="No calls measured in this time range" height={80} />)}
      </QueryState>
      <QueryState query={series} height={230}>
        {(s) => <KpiCharts series={s} />}
      </QueryState>
      <div className="two-col">
        <section className="panel">
          <header>
            <h2>Latency distribution</h2>
            <span className="muted small">calls by duration</span>
          </header>
          <QueryState
            query={hist}
            height={190}
            isEmpty={(h) => h.total === 0}
            empty={<Empty title="No calls in this time range" height={190} />}
          >
            {(h) => <LatencyDistribution data={h} service={name} />}
          </QueryState>
        </section>
        <section className="panel">
          <header>
            <h2>Where it runs</h2>
          </header>
          {d ? <WhereItRuns detail={d} /> : detail.error ? null : <Loading height={190} />}
          {d && <SpansDropped detail={d} />}
        </section>
      </div>
      {d && d.warnings.length > 0 && (
        <section className="panel warnings" aria-label="Warnings">
          <header>
            <h2>Warnings</h2>
          </header>
          <ul>
            {d.warnings.map((w, i) => (
              <li key={i}>
                <span className={`badge ${w.severity === 'critical' ? 'critical' : 'warning'}`}>{w.type}</span> {w.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="panel table-panel">
        <header>
          <h2>Endpoints</h2>
          {d && <span className="muted small">{d.endpoints.length}</span>}
        </header>
        <QueryState
          query={detail}
          height={160}
          isEmpty={(x) => x.endpoints.length === 0}
          empty={<Empty title="No endpoints in this time range" />}
        >
          {(x) => <EndpointsTable service={name} endpoints={x.endpoints} />}
        </QueryState>
      </section>
      <div className="two-col">
        <section className="panel table-panel">
          <header>
            <h2>Upstream</h2>
            <span className="muted small">services calling {name}</span>
          </header>
          <QueryState
            query={detail}
            height={120}
            isEmpty={(x) => x.upstream.length === 0}
            empty={<Empty title="No callers (an entry service)" />}
          >
            {(x) => (
              <Relations rows={x.upstream.map((u) => ({ service: u.service, type: undefined, kpis: u.kpis }))} label="Upstream services" />
            )}
          </QueryState>
        </section>
        <section className="panel table-panel">
          <header>
            <h2>Downstream</h2>
            <span className="muted small">what {name} calls</span>
          </header>
          <QueryState query={detail} height={120} isEmpty={(x) => x.downstream.length === 0} empty={<Empty title="No downstream calls" />}>
            {(x) => <Relations rows={x.downstream} label="Downstream services" />}
          </QueryState>
        </section>
      </div>
      <RecentTraces service={name} />
    </div>
  );
}
