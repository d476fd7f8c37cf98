import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { endpointQuery, histogramQuery, kpiSeriesQuery } from '../../api/queries';
import { HealthBadge } from '../../components/health';
import { Empty, QueryState } from '../../components/states';
import { useRange, useTimeSearch } from '../../hooks/use-range';
import { KpiCharts, KpiTiles } from '../common/kpi-panels';
import { LatencyDistribution } from '../common/latency-distribution';
import { RecentTraces } from '../common/recent-traces';
import { Relations } from '../service/service-tables';
import '../service/service.css';

const routeApi = getRouteApi('/services/$name/endpoints/$endpoint');

export const Route = createLazyRoute('/services/$name/endpoints/$endpoint')({ component: EndpointPage });

/** One endpoint: its KPIs and latency distribution, the endpoints calling it and the ones it calls, its traces. */
function EndpointPage() {
  const { name, endpoint } = routeApi.useParams();
  const range = useRange();
  const time = useTimeSearch();
  const scope = { scope: 'endpoint', service: name, endpoint } as const;
  const detail = useQuery(endpointQuery(range, name, endpoint));
  const series = useQuery(kpiSeriesQuery(range, scope));
  const hist = useQuery(histogramQuery(range, scope));

  return (
    <div className="page">
      <div className="crumbs">
        <Link to="/services" search={time as never}>
          Services
        </Link>
        <span aria-hidden="true">/</span>
        <Link to="/services/$name" params={{ name }} search={time as never}>
          {name}
        </Link>
        <span aria-hidden="true">/</span>
      </div>
      <div className="page-head">
        <h1>
          <span className="ellipsis mono-ish">{endpoint}</span>
        </h1>
        {detail.data && <HealthBadge health={detail.data.health} />}
        <div className="grow" />
        <Link className="btn" to="/traces" search={{ ...time, service: name, endpoint } as never}>
          Search traces
        </Link>
      </div>
      <QueryState query={detail} height={80}>
        {(d) => <KpiTiles kpis={d.kpis} />}
      </QueryState>
      <QueryState query={series} height={230}>
        {(s) => <KpiCharts series={s} />}
      </QueryState>
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
          {(h) => <LatencyDistribution data={h} service={name} endpoint={endpoint} />}
        </QueryState>
      </section>
      <div className="two-col">
        <section className="panel table-panel">
          <header>
            <h2>Callers</h2>
            <span className="muted small">endpoints calling this one</span>
          </header>
          <QueryState
            query={detail}
            height={120}
            isEmpty={(d) => d.callers.length === 0}
            empty={<Empty title="No callers (an entry endpoint)" />}
          >
            {(d) => <Relations rows={d.callers} label="Calling endpoints" />}
          </QueryState>
        </section>
        <section className="panel table-panel">
          <header>
            <h2>Callees</h2>
            <span className="muted small">what this endpoint calls</span>
          </header>
          <QueryState query={detail} height={120} isEmpty={(d) => d.callees.length === 0} empty={<Empty title="No downstream calls" />}>
            {(d) => <Relations rows={d.callees} label="Called endpoints" />}
          </QueryState>
        </section>
      </div>
      <RecentTraces service={name} endpoint={endpoint} />
    </div>
  );
}
