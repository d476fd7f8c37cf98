import type { BreakdownResponse, SummaryResponse, TimeseriesResponse } from '@argus/api';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { TimeChart } from '../../components/chart/time-chart';
import { Empty, QueryState } from '../../components/states';
import { useRange, useSetSearch, useTimeSearch } from '../../hooks/use-range';
import { formatCount, formatDuration } from '../../lib/format';
import '../common/kpi.css';
import { ErrorsList } from './errors-tab';
import { ResourcesTable } from './resources-tab';
import { VitalCell, VitalsPanel } from './vitals';
import { breakdownQuery, errorsQuery, resourcesQuery, summaryQuery, timeseriesQuery } from './website-queries';
import type { Dimension } from './website-search';

/** Headline numbers, traffic over time, web vitals, breakdowns, slowest resources and top errors of one website. */
export function OverviewTab({ id }: { id: string }) {
  const range = useRange();
  const time = useTimeSearch();
  const summary = useQuery(summaryQuery(range, id));
  const series = useQuery(timeseriesQuery(range, id));
  const errors = useQuery(errorsQuery(range, id, 5));
  const resources = useQuery(resourcesQuery(range, id, 6));
  const noTraffic = (s: SummaryResponse) => s.pageLoads + s.pageViews + s.httpCalls + s.jsErrors === 0;
  return (
    <>
      <QueryState query={summary} height={80}>
        {(s) => <SummaryTiles s={s} />}
      </QueryState>
      <QueryState query={series} height={220}>
        {(t) => <TrafficCharts t={t} />}
      </QueryState>
      <section className="panel">
        <header>
          <h2>Web vitals</h2>
          <span className="muted small">p75 of page loads in the range, rated by web.dev&apos;s thresholds</span>
        </header>
        <QueryState
          query={summary}
          height={150}
          isEmpty={noTraffic}
          empty={
            <Empty title="No page loads in this time range" height={150}>
              Vitals arrive with page loads from the browser script.
            </Empty>
          }
        >
          {(s) => <VitalsPanel vitals={s.webVitals} />}
        </QueryState>
      </section>
      <div className="breakdown-grid">
        {(['page', 'browser', 'os', 'device', 'country'] as const).map((d) => (
          <BreakdownCard key={d} id={id} dimension={d} />
        ))}
      </div>
      <div className="two-col">
        <section className="panel">
          <header>
            <h2>Slowest resources</h2>
            <Link className="small" to="/websites/$id/resources" params={{ id }} search={time as never}>
              All resources
            </Link>
          </header>
          <QueryState
            query={resources}
            height={160}
            isEmpty={(r) => r.resources.length === 0}
            empty={<Empty title="No resource timings in this time range" height={160} />}
          >
            {(r) => <ResourcesTable rows={r.resources} compact />}
          </QueryState>
        </section>
        <section className="panel">
          <header>
            <h2>JavaScript errors</h2>
            <Link className="small" to="/websites/$id/errors" params={{ id }} search={time as never}>
              All errors
            </Link>
          </header>
          <QueryState
            query={errors}
            height={160}
            isEmpty={(r) => r.errors.length === 0}
            empty={<Empty title="No JavaScript errors in this time range" height={160} />}
          >
            {(r) => <ErrorsList errors={r.errors} compact />}
          </QueryState>
        </section>
      </div>
    </>
  );
}

function SummaryTiles({ s }: { s: SummaryResponse }) {
  const tiles: Array<[string, string, string?, boolean?]> = [
    ['Page loads', formatCount(s.pageLoads)],
    ['Page views', formatCount(s.pageViews), 'loads and SPA page changes'],
    ['Sessions', formatCount(s.sessions)],
    ['JS errors', formatCount(s.jsErrors), undefined, s.jsErrors > 0],
    ['HTTP calls', formatCount(s.httpCalls), `${formatCount(s.httpErrors)} failed`, s.httpErrors > 0.05 * s.httpCalls],
    ['Load time p75', formatDuration(s.loadTime.p75), `p50 ${formatDuration(s.loadTime.p50)} · p95 ${formatDuration(s.loadTime.p95)}`],
  ];
  return (
    <div className="kpi-tiles" aria-label="Website summary">
      {tiles.map(([label, value, sub, bad]) => (
        <div key={label} className="kpi-tile panel">
          <div className="kpi-label">{label}</div>
          <div className={`kpi-value${bad ? ' err-text' : ''}`}>{value}</div>
          {sub && <div className="kpi-sub muted">{sub}</div>}
        </div>
      ))}
    </div>
  );
}

const VIEWS = [
  { label: 'page loads', color: '--accent', fill: true },
  { label: 'page views', color: '#2f9e6e' },
];
const PROBLEMS = [
  { label: 'JS errors', color: '--crit' },
  { label: 'failed HTTP calls', color: '#d48a00' },
];
const LOAD = [
  { label: 'p50', color: '#2f9e6e' },
  { label: 'p75', color: '#d48a00' },
  { label: 'p95', color: '#c8366b' },
  { label: 'LCP p75', color: '#7a5cd6' },
];
const count = (v: number) => formatCount(v, true);

function TrafficCharts({ t }: { t: TimeseriesResponse }) {
  const setSearch = useSetSearch();
  const range = useRange();
  const cols = useMemo(() => {
    const p = t.points;
    return {
      t: p.map((x) => x.time),
      loads: p.map((x) => x.pageLoads),
      views: p.map((x) => x.pageViews),
      errors: p.map((x) => x.jsErrors),
      httpErrors: p.map((x) => x.httpErrors),
      p50: p.map((x) => x.loadTime.p50),
      p75: p.map((x) => x.loadTime.p75),
      p95: p.map((x) => x.loadTime.p95),
      // the API reports 0 for buckets without LCP samples (docs/api.md, known gaps): no point there
      lcp: p.map((x) => (x.lcpP75 ? x.lcpP75 : null)),
    };
  }, [t]);
  const b = range.bounds();
  const xRange: [number, number] = t.points.length
    ? [t.points[0].time, t.points[t.points.length - 1].time + t.stepSeconds * 1000]
    : [b.from, b.to];
  const zoom = (from: number, to: number) => setSearch({ live: undefined, from, to });
  const step = t.stepSeconds < 60 ? `${t.stepSeconds} s` : t.stepSeconds < 3600 ? `${t.stepSeconds / 60} min` : `${t.stepSeconds / 3600} h`;
  return (
    <div className="kpi-charts">
      <section className="panel">
        <header>
          <h2>Page loads and views</h2>
          <span className="muted small">per {step}</span>
        </header>
        <div className="chart-body">
          <TimeChart
            data={[cols.t, cols.loads, cols.views]}
            series={VIEWS}
            format={count}
            xRange={xRange}
            onSelect={zoom}
            ariaLabel="Page loads and page views over time"
          />
        </div>
      </section>
      <section className="panel">
        <header>
          <h2>Errors</h2>
          <span className="muted small">per {step}</span>
        </header>
        <div className="chart-body">
          <TimeChart
            data={[cols.t, cols.errors, cols.httpErrors]}
            series={PROBLEMS}
            format={count}
            xRange={xRange}
            onSelect={zoom}
            ariaLabel="JavaScript errors and failed HTTP calls over time"
          />
        </div>
      </section>
      <section className="panel">
        <header>
          <h2>Load time</h2>
          <span className="muted small">{step} steps</span>
        </header>
        <div className="chart-body">
          <TimeChart
            data={[cols.t, cols.p50, cols.p75, cols.p95, cols.lcp]}
            series={LOAD}
            format={formatDuration}
            xRange={xRange}
            onSelect={zoom}
            ariaLabel="Page load time percentiles and LCP over time"
          />
        </div>
      </section>
    </div>
  );
}

const DIM_TITLE: Record<Dimension, string> = {
  page: 'Top pages',
  browser: 'Browsers',
  os: 'Operating systems',
  device: 'Devices',
  country: 'Countries',
};

function BreakdownCard({ id, dimension }: { id: string; dimension: Dimension }) {
  const range = useRange();
  const time = useTimeSearch();
  const q = useQuery(breakdownQuery(range, id, dimension, 6));
  const rows = (d: BreakdownResponse) => d.rows.filter((r) => r.pageViews + r.pageLoads + r.httpCalls > 0);
  return (
    <section className={`panel breakdown-card dim-${dimension}`}>
      <header>
        <h2>{DIM_TITLE[dimension]}</h2>
        <Link
          className="small"
          to="/websites/$id/pages"
          params={{ id }}
          search={{ ...time, by: dimension } as never}
          aria-label={`All ${DIM_TITLE[dimension].toLowerCase()}`}
        >
          All
        </Link>
      </header>
      <QueryState query={q} height={140} isEmpty={(d) => rows(d).length === 0} empty={<Empty title="No views" height={140} />}>
        {(d) => (
          <table className="data-table compact" aria-label={DIM_TITLE[dimension]}>
            <thead>
              <tr>
                <th>{dimension === 'os' ? 'OS' : dimension.charAt(0).toUpperCase() + dimension.slice(1)}</th>
                <th className="num">Views</th>
                <th className="num">LCP</th>
              </tr>
            </thead>
            <tbody>
              {rows(d).map((r) => (
                <tr key={r.value}>
                  <td className="ellipsis" title={r.value}>
                    {r.value || <span className="muted">unknown</span>}
                  </td>
                  <td className="num">{formatCount(r.pageViews, true)}</td>
                  <td className="num">
                    <VitalCell name="lcp" vital={r.webVitals.lcp} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
