import type {
  BreakdownResponse,
  ErrorsResponse,
  HttpCallsResponse,
  ResourcesResponse,
  SessionResponse,
  SummaryResponse,
  TimeseriesResponse,
  Website,
  WebsitesResponse,
} from '@argus/api';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { rangeQuery } from '../../api/queries';
import type { ResolvedRange } from '../../lib/time-range';
import type { Dimension } from './website-search';

/** Reads of the website (EUM) views (docs/api.md "Websites"). */

const base = (id: string) => `/websites/${encodeURIComponent(id)}`;

export const websitesQuery = () =>
  queryOptions({
    queryKey: ['websites'],
    queryFn: ({ signal }) => api.get<WebsitesResponse>('/websites', {}, signal),
    staleTime: 30_000,
  });

export const websiteQuery = (id: string) =>
  queryOptions({
    queryKey: ['website', id],
    queryFn: ({ signal }) => api.get<Website>(base(id), {}, signal),
    staleTime: 60_000,
    retry: false,
  });

export const summaryQuery = (range: ResolvedRange, id: string) =>
  rangeQuery<SummaryResponse>('eum-summary', range, `${base(id)}/summary`, {});

export const timeseriesQuery = (range: ResolvedRange, id: string, points = 120) =>
  rangeQuery<TimeseriesResponse>('eum-timeseries', range, `${base(id)}/timeseries`, { points });

export const breakdownQuery = (range: ResolvedRange, id: string, dimension: Dimension, limit = 50) =>
  rangeQuery<BreakdownResponse>('eum-breakdown', range, `${base(id)}/breakdown/${dimension}`, { limit }, 'list');

export const errorsQuery = (range: ResolvedRange, id: string, limit = 100) =>
  rangeQuery<ErrorsResponse>('eum-errors', range, `${base(id)}/errors`, { limit }, 'list');

export const resourcesQuery = (range: ResolvedRange, id: string, limit = 100) =>
  rangeQuery<ResourcesResponse>('eum-resources', range, `${base(id)}/resources`, { limit }, 'list');

export const httpCallsQuery = (range: ResolvedRange, id: string, f: { url?: string; withTrace?: boolean }, limit = 200) =>
  rangeQuery<HttpCallsResponse>(
    'eum-http',
    range,
    `${base(id)}/http-calls`,
    { url: f.url, withTrace: f.withTrace ? 'true' : undefined, limit },
    'list',
  );

/** A session's beacons over the last 7 days (sessions end after 30 min idle or 24 h). */
export const sessionQuery = (id: string, sessionId: string) =>
  queryOptions({
    queryKey: ['eum-session', id, sessionId],
    queryFn: ({ signal }) => api.get<SessionResponse>(`${base(id)}/sessions/${encodeURIComponent(sessionId)}`, {}, signal),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });

/** When the website was created, in ms (the API answers ClickHouse time in UTC). */
export function createdAtMs(w: Website): number {
  const t = Date.parse(`${w.createdAt.replace(' ', 'T')}Z`);
  return Number.isFinite(t) ? t : Date.now() - 86_400_000;
}
