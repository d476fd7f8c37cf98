import type { MetricsResponse } from '@argus/api';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { TimeChart, type SeriesSpec } from '../../../components/chart/time-chart';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { useSetSearch } from '../../../hooks/use-range';
import type { ResolvedRange } from '../../../lib/time-range';
import { metricQuery } from '../infra-queries';
import type { ChartSpec } from './dashboards';
import { formatterFor, resolutionText } from './units';

const PALETTE = ['--accent', '#2f9e6e', '#d48a00', '#c8366b', '#7a5cd6', '#1f9bb0', '#8a6d3b', '#5f6b7d'];
const MAX_LINES = 8;

export interface ChartData {
  columns: (number | null)[][];
  series: SeriesSpec[];
  resolution: string;
  stepMs: number;
  from: number;
  to: number;
  lastT: number | null;
}

/** Aligns the series of one or more metric answers on one time axis (gaps stay null) with a name per line. */
export function toChartData(spec: ChartSpec, answers: MetricsResponse[]): ChartData | null {
  if (answers.length === 0) return null;
  const lines: Array<{ label: string; points: Map<number, number> }> = [];
  answers.forEach((a, i) => {
    const m = spec.metrics[i];
    for (const s of a.series) {
      if (spec.keep && !spec.keep(s.attributes)) continue;
      const named = spec.name?.(s.attributes);
      const label = a.series.length > 1 || !m.label ? [m.label, named].filter(Boolean).join(' ') || s.seriesId : m.label;
      lines.push({ label, points: new Map(s.points.map((p) => [p.t, p.v * (spec.scale ?? 1)])) });
    }
  });
  lines.sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
  const shown = lines.slice(0, MAX_LINES);
  const times = [...new Set(shown.flatMap((l) => [...l.points.keys()]))].sort((a, b) => a - b);
  const first = answers[0];
  return {
    columns: [times, ...shown.map((l) => times.map((t) => l.points.get(t) ?? null))],
    series: shown.map((l, i) => ({ label: l.label, color: PALETTE[i % PALETTE.length], fill: shown.length === 1 })),
    resolution: first.resolution,
    stepMs: first.stepMs,
    from: first.from,
    to: first.to,
    lastT: times.length ? times[times.length - 1] : null,
  };
}

/** One chart of a dashboard: its metrics fetched at the API's resolution for the range, live-refreshed. */
export function MetricPanel({ entity, spec, range }: { entity: string; spec: ChartSpec; range: ResolvedRange }) {
  const setSearch = useSetSearch();
  const combine = useCallback(
    (rs: UseQueryResult<MetricsResponse>[]) => {
      const answers = rs.map((r) => r.data).filter((a): a is MetricsResponse => a !== undefined);
      const ready = answers.length === rs.length;
      return {
        ready,
        data: ready ? toChartData(spec, answers) : null,
        error: rs.find((r) => r.error)?.error ?? null,
        refetch: () => rs.forEach((r) => void r.refetch()),
      };
    },
    [spec],
  );
  const { ready, data, error, refetch } = useQueries({
    queries: spec.metrics.map((m) => metricQuery(range, entity, m.metric, m.attrs)),
    combine,
  });
  const format = useMemo(() => formatterFor(spec.unit), [spec.unit]);
  const hasPoints = data !== null && data.series.length > 0 && data.columns[0].length > 0;

  return (
    <section
      className="panel metric-panel"
      aria-label={spec.title}
      data-resolution={data?.resolution}
      data-step-ms={data?.stepMs}
      data-last={data?.lastT ?? undefined}
      data-points={data ? data.columns[0].length : undefined}
    >
      <header>
        <h2>{spec.title}</h2>
        {data && <span className="muted small res-label">{resolutionText(data.resolution, data.stepMs)}</span>}
      </header>
      <div className="chart-body">
        {!ready ? (
          error ? (
            <ErrorState error={error} height={190} retry={refetch} />
          ) : (
            <Loading height={190} />
          )
        ) : !hasPoints ? (
          <Empty title="No points in this time range" height={190}>
            {spec.metrics.map((m) => m.metric).join(', ')}
          </Empty>
        ) : (
          <TimeChart
            data={data.columns}
            series={data.series}
            format={format}
            height={170}
            xRange={[data.from, data.to]}
            onSelect={(from, to) => setSearch({ live: undefined, from, to })}
            ariaLabel={`${spec.title} over time${spec.hint ? ` (${spec.hint})` : ''}`}
          />
        )}
      </div>
    </section>
  );
}
