import { memo, useCallback, useMemo } from 'react';
import type { KpiColumns } from '../../api/kpi-columns';
import type { Kpis } from '../../api/types';
import { TimeChart } from '../../components/chart/time-chart';
import { useSetSearch } from '../../hooks/use-range';
import { formatCount, formatDuration, formatPercent, formatRate } from '../../lib/format';
import './kpi.css';

/** The headline numbers of a service or endpoint over the range (memoized: unchanged numbers do not re-render). */
export const KpiTiles = memo(function KpiTiles({ kpis }: { kpis: Kpis }) {
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
});

const CALLS = [{ label: 'calls/s', color: '--accent', fill: true }];
const ERRORS = [{ label: 'error rate', color: '--crit', fill: true }];
const LATENCY = [
  { label: 'p50', color: '#2f9e6e' },
  { label: 'p90', color: '#d48a00' },
  { label: 'p99', color: '#c8366b' },
];
const pct = (v: number) => formatPercent(v);

/**
 * Calls, error rate and latency percentiles over time; dragging across a chart zooms the time range. Memoized on the
 * columns: the page re-rendering for other queries (tiles, tables) does not touch the charts; a new answer is one
 * setData per chart.
 */
export const KpiCharts = memo(function KpiCharts({ series }: { series: KpiColumns }) {
  const setSearch = useSetSearch();
  const data = useMemo(
    () => ({
      calls: [series.t, series.calls],
      errors: [series.t, series.errors],
      latency: [series.t, series.p50, series.p90, series.p99],
      x: [series.from, series.to] as [number, number],
    }),
    [series],
  );
  const zoom = useCallback((from: number, to: number) => setSearch({ live: undefined, from, to }), [setSearch]);
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
            data={data.calls}
            series={CALLS}
            format={formatRate}
            xRange={data.x}
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
          <TimeChart data={data.errors} series={ERRORS} format={pct} xRange={data.x} onSelect={zoom} ariaLabel="Error rate over time" />
        </div>
      </section>
      <section className="panel">
        <header>
          <h2>Latency</h2>
          <span className="muted small">p50 · p90 · p99, {step} steps</span>
        </header>
        <div className="chart-body">
          <TimeChart
            data={data.latency}
            series={LATENCY}
            format={formatDuration}
            xRange={data.x}
            onSelect={zoom}
            ariaLabel="Latency percentiles over time"
          />
        </div>
      </section>
    </div>
  );
});
