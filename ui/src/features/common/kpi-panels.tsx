import { useMemo } from 'react';
import type { KpiSeries, Kpis } from '../../api/types';
import { TimeChart } from '../../components/chart/time-chart';
import { useSetSearch } from '../../hooks/use-range';
import { formatCount, formatDuration, formatPercent, formatRate } from '../../lib/format';
import './kpi.css';

/** The headline numbers of a service or endpoint over the range. */
export function KpiTiles({ kpis }: { kpis: Kpis }) {
  const tiles: Array<[string, string, string?]> = [
    ['Calls', formatRate(kpis.callsPerSecond), `${formatCount(kpis.calls)} calls`],
    ['Error rate', formatPercent(kpis.errorRate), `${formatCount(kpis.errors)} errors`],
    ['Latency p50', formatDuration(kpis.p50Ms)],
    ['Latency p90', formatDuration(kpis.p90Ms)],
    ['Latency p99', formatDuration(kpis.p99Ms)],
    ['Mean', formatDuration(kpis.meanMs)],
  ];
  return (
    <div className="kpi-tiles">
      {tiles.map(([label, value, sub]) => (
        <div key={label} className="kpi-tile panel">
          <div className="kpi-label">{label}</div>
          <div className={`kpi-value${label === 'Error rate' && kpis.errorRate >= 0.02 ? ' err-text' : ''}`}>{value}</div>
          {sub && <div className="kpi-sub muted">{sub}</div>}
        </div>
      ))}
    </div>
  );
}

const CALLS = [{ label: 'calls/s', color: '--accent', fill: true }];
const ERRORS = [{ label: 'error rate', color: '--crit', fill: true }];
const LATENCY = [
  { label: 'p50', color: '#2f9e6e' },
  { label: 'p90', color: '#d48a00' },
  { label: 'p99', color: '#c8366b' },
];
const pct = (v: number) => formatPercent(v);

/** Calls, error rate and latency percentiles over time; dragging across a chart zooms the time range. */
export function KpiCharts({ series }: { series: KpiSeries }) {
  const setSearch = useSetSearch();
  const cols = useMemo(() => {
    const p = series.points;
    return {
      t: p.map((x) => x.t),
      calls: p.map((x) => x.callsPerSecond),
      errors: p.map((x) => (x.calls > 0 ? x.errorRate : null)),
      p50: p.map((x) => x.p50Ms),
      p90: p.map((x) => x.p90Ms),
      p99: p.map((x) => x.p99Ms),
    };
  }, [series]);
  const xRange: [number, number] = [series.from, series.to];
  const zoom = (from: number, to: number) => setSearch({ live: undefined, from, to });
  const step = series.stepSeconds === 1 ? '1 s' : series.stepSeconds === 60 ? '1 min' : `${series.stepSeconds / 3600} h`;
  return (
    <div className="kpi-charts">
      <section className="panel">
        <header>
          <h2>Calls</h2>
          <span className="muted small">per second, {step} steps</span>
        </header>
        <div className="chart-body">
          <TimeChart
            data={[cols.t, cols.calls]}
            series={CALLS}
            format={formatRate}
            xRange={xRange}
            onSelect={zoom}
            ariaLabel="Calls per second over time"
          />
        </div>
      </section>
      <section className="panel">
        <header>
          <h2>Error rate</h2>
          <span className="muted small">{step} steps</span>
        </header>
        <div className="chart-body">
          <TimeChart
            data={[cols.t, cols.errors]}
            series={ERRORS}
            format={pct}
            xRange={xRange}
            onSelect={zoom}
            ariaLabel="Error rate over time"
          />
        </div>
      </section>
      <section className="panel">
        <header>
          <h2>Latency</h2>
          <span className="muted small">p50 · p90 · p99, {step} steps</span>
        </header>
        <div className="chart-body">
          <TimeChart
            data={[cols.t, cols.p50, cols.p90, cols.p99]}
            series={LATENCY}
            format={formatDuration}
            xRange={xRange}
            onSelect={zoom}
            ariaLabel="Latency percentiles over time"
          />
        </div>
      </section>
    </div>
  );
}
