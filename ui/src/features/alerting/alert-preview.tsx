import type { EntitiesResponse, MetricsResponse, TimeseriesResponse } from '@argus/api';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { KpiSeries } from '../../api/types';
import { TimeChart, type SeriesSpec } from '../../components/chart/time-chart';
import { Empty, ErrorState, Loading } from '../../components/states';
import { formatDuration } from '../../lib/format';
import type { Scope, Signal } from './alert-types';
import { formatSignalValue } from './describe';

interface PreviewSeries {
  from: number;
  to: number;
  times: number[];
  values: (number | null)[];
  /** what the series is of (an entity picked for a type scope) */
  note?: string;
}

const DAY = 86_400_000;

/** The signal over the last days, read from the same APIs the dashboards use (one point per minute or hour). */
async function previewSeries(scope: Scope, signal: Signal, days: number, abort: AbortSignal): Promise<PreviewSeries> {
  const to = Date.now();
  const from = to - days * DAY;
  if (scope.kind === 'service' || scope.kind === 'endpoint') {
    const id = scope.kind === 'service' ? scope.service : `${scope.service}|${scope.endpoint}`;
    const k = await api.get<KpiSeries>('/kpis', { scope: scope.kind, id, from, to, resolution: days <= 2 ? '1m' : '1h' }, abort);
    const pick = (p: KpiSeries['points'][number]): number | null => {
      if (p.calls === 0) return signal.name === 'throughput' ? 0 : null;
      if (signal.name === 'errorRate') return p.errorRate;
      if (signal.name === 'throughput') return p.callsPerSecond;
      const pct = signal.percentile ?? 'p90';
      return pct === 'mean' ? p.meanMs : pct === 'p50' ? p.p50Ms : pct === 'p99' ? p.p99Ms : p.p90Ms;
    };
    return { from, to, times: k.points.map((p) => p.t), values: k.points.map(pick) };
  }
  if (scope.kind === 'website') {
    const t = await api.get<TimeseriesResponse>(
      `/websites/${encodeURIComponent(scope.website)}/timeseries`,
      { from, to, points: 400 },
      abort,
    );
    const perMinute = t.stepSeconds / 60;
    const pick = (p: TimeseriesResponse['points'][number]): number | null =>
      signal.name === 'lcp' ? p.lcpP75 || null : signal.name === 'jsErrors' ? p.jsErrors / perMinute : p.loadTime.p75;
    return { from, to, times: t.points.map((p) => p.time), values: t.points.map(pick) };
  }
  // entities: the scope's entity, or the first of its type
  let entity = scope.entityId;
  let note: string | undefined;
  if (!entity && scope.entityType) {
    const list = await api.get<EntitiesResponse>('/infrastructure/entities', { type: scope.entityType, online: 'true', limit: 1 }, abort);
    entity = list.entities[0]?.id;
    note = list.entities[0] ? `shown for ${scope.entityType} ${list.entities[0].name}, one of those watched` : undefined;
  }
  if (!entity || !signal.metric) return { from, to, times: [], values: [] };
  const attrs = Object.fromEntries(Object.entries(signal.attributes ?? {}).map(([k, v]) => [`attr.${k}`, v]));
  const m = await api.get<MetricsResponse>('/metrics', { entity, metric: signal.metric, from, to, maxPoints: 500, ...attrs }, abort);
  const byTime = new Map<number, number[]>();
  for (const s of m.series) for (const p of s.points) byTime.set(p.t, [...(byTime.get(p.t) ?? []), p.v]);
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const agg = (vs: number[]) =>
    signal.aggregation === 'max'
      ? Math.max(...vs)
      : signal.aggregation === 'min'
        ? Math.min(...vs)
        : vs.reduce((a, b) => a + b, 0) / vs.length;
  return { from, to, times, values: times.map((t) => agg(byTime.get(t) ?? [])), note };
}

const SERIES: SeriesSpec[] = [
  { label: 'signal', color: '--accent', fill: true },
  { label: 'warning', color: '#d48a00', dash: [6, 4] },
  { label: 'critical', color: '#c8366b', dash: [6, 4] },
];

export interface PreviewThreshold {
  warning?: number;
  critical?: number;
  /** adaptive: the current band around the baseline, when the evaluator knows it */
  band?: { low: number; high: number };
}

/**
 * The signal an alert watches over the last 1, 3 or 7 days with its thresholds, and how often they were crossed:
 * what the alert would have done.
 */
export function AlertPreview({
  scope,
  signal,
  condition,
  threshold,
}: {
  scope: Scope | null;
  signal: Signal | null;
  condition: 'above' | 'below';
  threshold: PreviewThreshold;
}) {
  const [days, setDays] = useState(1);
  const enabled = scope !== null && signal !== null && signal.name !== 'offline' && (signal.name !== 'metric' || Boolean(signal.metric));
  const q = useQuery({
    queryKey: ['alert-preview', scope, signal, days],
    queryFn: ({ signal: abort }) => previewSeries(scope!, signal!, days, abort),
    enabled,
    staleTime: 30_000,
    retry: false,
  });
  const data = q.data;
  const lines = useMemo(() => {
    if (!data) return null;
    const warn = threshold.band ? (condition === 'above' ? threshold.band.high : threshold.band.low) : threshold.warning;
    const crit = threshold.band ? undefined : threshold.critical;
    const crossed = (limit: number | undefined) =>
      limit === undefined ? 0 : data.values.filter((v) => v !== null && (condition === 'above' ? v > limit : v < limit)).length;
    return {
      cols: [data.times, data.values, data.times.map(() => warn ?? null), data.times.map(() => crit ?? null)],
      warnCrossed: crossed(warn),
      critCrossed: crossed(crit),
      points: data.values.filter((v) => v !== null).length,
      stepMs: data.times.length > 1 ? data.times[1] - data.times[0] : 0,
    };
  }, [data, threshold, condition]);
  const fmt = (v: number) => (signal ? formatSignalValue(signal, v) : String(v));
  return (
    <section className="panel alert-preview" aria-label="Preview">
      <header>
        <h2>Preview</h2>
        <span className="muted small">the signal and the thresholds over the last days</span>
        <div className="seg" role="group" aria-label="Preview range">
          {[1, 3, 7].map((d) => (
            <button key={d} type="button" aria-pressed={days === d} onClick={() => setDays(d)}>
              {d === 1 ? '1 day' : `${d} days`}
            </button>
          ))}
        </div>
      </header>
      <div className="chart-body">
        {!enabled ? (
          <Empty
            title={signal?.name === 'offline' ? 'Fires when the entity stops reporting' : 'Choose what to watch to see its signal'}
            height={200}
          />
        ) : q.error ? (
          <ErrorState error={q.error} height={200} retry={() => void q.refetch()} />
        ) : !lines ? (
          <Loading height={200} label="Loading the preview" />
        ) : lines.points === 0 ? (
          <Empty title="No data for this target in the last days" height={200}>
            The alert can still be saved: it is evaluated as soon as the signal has data.
          </Empty>
        ) : (
          <>
            <TimeChart
              data={lines.cols}
              series={SERIES}
              format={fmt}
              height={200}
              xRange={[data?.from ?? 0, data?.to ?? 0]}
              ariaLabel="Alert signal and thresholds over the last days"
            />
            <div className="preview-note small">
              {data?.note && <span className="muted">{data.note}. </span>}
              {threshold.warning !== undefined || threshold.band ? (
                <span>
                  Warning crossed in <strong>{lines.warnCrossed}</strong> of {lines.points} points
                </span>
              ) : null}
              {threshold.critical !== undefined && !threshold.band ? (
                <span>
                  {' '}
                  · critical crossed in <strong>{lines.critCrossed}</strong> of {lines.points} points
                </span>
              ) : null}
              <span className="muted">
                {' '}
                (points of {formatDuration(lines.stepMs)}; the window and time rule then decide what opens an issue)
              </span>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
