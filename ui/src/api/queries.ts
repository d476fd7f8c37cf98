import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { refreshMs, type ResolvedRange } from '../lib/time-range';
import { api, type Params } from './client';
import { takeEarly } from './early-data';
import { deltaFrom, mergeColumns, toColumns, type KpiColumns } from './kpi-columns';
import type {
  DependencyMap,
  EndpointDetail,
  EntitiesResponse,
  KpiSeries,
  LatencyHistogram,
  SearchResults,
  ServiceDetail,
  ServicesResponse,
  SparkSeries,
  TraceScatter,
  TraceSearch,
  TraceSpanDetail,
  TraceWaterfall,
} from './types';

/**
 * One query-options factory per API read, keyed by the range's stable key (a live window keeps its key and
 * refetches on an interval, computing "now" at fetch time) plus the route's filters. Previous data stays on screen
 * while the next answer loads, so live refreshes neither flicker nor shift the layout.
 */
export function rangeQuery<T>(name: string, range: ResolvedRange, path: string, params: Params, kind: 'kpi' | 'list' = 'kpi') {
  return queryOptions({
    queryKey: [name, range.key, path, params],
    queryFn: ({ signal }) => api.get<T>(path, { ...params, ...range.bounds() }, signal),
    refetchInterval: refreshMs(range, kind),
    placeholderData: keepPreviousData,
  });
}

export const servicesQuery = (range: ResolvedRange) => rangeQuery<ServicesResponse>('services', range, '/services', {});

export const serviceQuery = (range: ResolvedRange, name: string) =>
  rangeQuery<ServiceDetail>('service', range, `/services/${encodeURIComponent(name)}`, {});

/** The dependency map; its first read may be the answer index.html asked for with the page (early-data.ts). */
export const mapQuery = (range: ResolvedRange) => {
  const q = rangeQuery<DependencyMap>('map', range, '/dependency-map', {});
  return queryOptions({
    ...q,
    queryFn: async (ctx) => (await takeEarly<DependencyMap>('/dependency-map', range.key)) ?? q.queryFn!(ctx),
  });
};

export type KpiScope = { scope: 'service'; service: string } | { scope: 'endpoint'; service: string; endpoint: string };

const scopeParams = (s: KpiScope): Params =>
  s.scope === 'service' ? { scope: 'service', id: s.service } : { scope: 'endpoint', id: `${s.service}|${s.endpoint}` };

/**
 * A KPI series as chart columns. Live, each refresh reads only the newest steps (`deltaFrom`: the last 30 again, for
 * calls resolved late) and appends them to the cached columns, dropping the steps that left the window: a 1-hour
 * window at 1 s steps moves by a few hundred bytes per second instead of 3,600 points. The whole window is read on
 * the first load, for fixed ranges, and every 5 minutes.
 */
export const kpiSeriesQuery = (range: ResolvedRange, scope: KpiScope) => {
  const params = scopeParams(scope);
  return queryOptions({
    queryKey: ['kpis', range.key, '/kpis', params],
    queryFn: async ({ signal, client, queryKey }): Promise<KpiColumns> => {
      const now = Date.now();
      const window = range.bounds(now);
      const prev = range.live ? client.getQueryData<KpiColumns>(queryKey) : undefined;
      const from = deltaFrom(prev, window, now);
      if (prev && from !== null) {
        const delta = await api.get<KpiSeries>('/kpis', { ...params, from, to: window.to, resolution: prev.resolution }, signal);
        return mergeColumns(prev, delta, window.from);
      }
      return toColumns(await api.get<KpiSeries>('/kpis', { ...params, ...window }, signal), now);
    },
    refetchInterval: refreshMs(range, 'kpi'),
    placeholderData: keepPreviousData,
    // fresh arrays on every answer: comparing 3,600 points deeply to keep references would cost more than it saves
    structuralSharing: false,
  });
};

export const histogramQuery = (range: ResolvedRange, scope: KpiScope) =>
  rangeQuery<LatencyHistogram>('histogram', range, '/kpis/histogram', scopeParams(scope));

export const sparklinesQuery = (range: ResolvedRange) =>
  rangeQuery<SparkSeries>('sparklines', range, '/kpis/series', { scope: 'service', points: 30 });

export const endpointQuery = (range: ResolvedRange, service: string, endpoint: string) =>
  rangeQuery<EndpointDetail>('endpoint', range, '/endpoints', { service, endpoint });

export interface TraceFilters {
  service?: string;
  endpoint?: string;
  status?: 'error' | 'ok';
  minDuration?: number;
  maxDuration?: number;
  attr?: string[];
  sort?: 'newest' | 'slowest';
}

/** `attr` entries are `key=value`; resource attributes as `resource.key=value`. */
export function traceParams(f: TraceFilters): Params {
  const p: Params = {
    service: f.service,
    endpoint: f.endpoint,
    status: f.status,
    minDuration: f.minDuration,
    maxDuration: f.maxDuration,
    sort: f.sort,
  };
  for (const a of f.attr ?? []) {
    const cut = a.indexOf('=');
    if (cut <= 0) continue;
    const key = a.slice(0, cut).trim();
    const name = key.startsWith('resource.') ? key : `attr.${key}`;
    const prev = p[name];
    p[name] = [...(Array.isArray(prev) ? (prev as string[]) : []), a.slice(cut + 1)];
  }
  return p;
}

export const traceSearchQuery = (range: ResolvedRange, filters: TraceFilters, limit: number, offset = 0) =>
  rangeQuery<TraceSearch>('traces', range, '/traces', { ...traceParams(filters), limit, offset }, 'list');

export const traceScatterQuery = (range: ResolvedRange, filters: TraceFilters) =>
  rangeQuery<TraceScatter>('scatter', range, '/trace-scatter', { ...traceParams(filters), sort: undefined, limit: 2000 }, 'list');

/**
 * One trace for the trace view: the lean waterfall answer (ids, parents, names, times, status; ~1/10 of the full
 * answer) turned into the columnar model. The model's code is loaded beside the request, not after it; on a page
 * opened at /traces/<id>, index.html has asked for the answer already.
 */
export const traceQuery = (traceId: string) =>
  queryOptions({
    queryKey: ['trace', traceId],
    queryFn: async ({ signal }) => {
      const path = `/traces/${encodeURIComponent(traceId)}/waterfall`;
      // the first read may be the answer index.html asked for with the page (early-data.ts)
      const read = async () => (await takeEarly<TraceWaterfall>(path, '')) ?? api.get<TraceWaterfall>(path, {}, signal);
      const [answer, { buildTraceModel }] = await Promise.all([read(), import('../features/trace/trace-model')]);
      const t0 = performance.now();
      const model = buildTraceModel(answer);
      // bench/ui reads it: the model's share of the time from the answer to the painted rows
      performance.measure('argus.trace.model', { start: t0, detail: { spans: model.n } });
      return model;
    },
    staleTime: 30_000,
    retry: false,
    // typed arrays: nothing to share with an earlier answer
    structuralSharing: false,
  });

/** One span in full (attributes, resource, events, links, where it ran): what a click on a waterfall row shows. */
export const traceSpanQuery = (traceId: string, spanId: string) =>
  queryOptions({
    queryKey: ['trace', traceId, 'span', spanId],
    queryFn: ({ signal }) =>
      api.get<TraceSpanDetail>(`/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}`, {}, signal),
    staleTime: 5 * 60_000,
    retry: false,
  });

export const searchQuery = (range: ResolvedRange, q: string) =>
  queryOptions({
    queryKey: ['search', range.key, q],
    queryFn: ({ signal }) => api.get<SearchResults>('/search', { q, limit: 8, ...range.bounds() }, signal),
    enabled: q.trim().length > 0,
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });

export const hostsQuery = () =>
  queryOptions({
    queryKey: ['hosts'],
    queryFn: ({ signal }) => api.get<EntitiesResponse>('/infrastructure/entities', { type: 'host', limit: 200 }, signal),
    staleTime: 60_000,
  });
