import type {
  ApiResponse,
  EntityDetailResponse,
  EventsResponse,
  InfrastructureMapResponse,
  MetricListResponse,
  MetricsResponse,
} from '@argus/api';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { rangeQuery } from '../../api/queries';
import type { ResolvedRange } from '../../lib/time-range';
import type { AlertEvent } from '../events/event-types';

/** Reads of the infrastructure views (docs/api.md "Infrastructure"). */

export type InfraMapResponse = InfrastructureMapResponse;

/** Every entity in compact form; refreshed every 10 s (entities change slowly, health comes from issues). */
export const infraMapQuery = () =>
  queryOptions({
    queryKey: ['infra-map'],
    queryFn: ({ signal }) => api.get<InfraMapResponse>('/infrastructure/map', { limit: 50_000 }, signal),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });

/** Open issues by entity (alerting); an installation without the alerting API has none. */
export const openIssuesQuery = () =>
  queryOptions({
    queryKey: ['open-issues'],
    queryFn: async ({ signal }) => {
      try {
        const r = await api.get<{ events: AlertEvent[] }>(
          '/events',
          { type: 'issue', state: 'open', limit: 5000, from: Date.now() - 30 * 86_400_000 },
          signal,
        );
        return r.events;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return [];
        throw e;
      }
    },
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });

export const entityQuery = (id: string) =>
  queryOptions({
    queryKey: ['entity', id],
    queryFn: ({ signal }) => api.get<EntityDetailResponse>(`/infrastructure/entities/${encodeURIComponent(id)}`, {}, signal),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2,
  });

export const metricListQuery = (entity: string) =>
  queryOptions({
    queryKey: ['metric-list', entity],
    queryFn: ({ signal }) => api.get<MetricListResponse>('/metrics/list', { entity }, signal),
    staleTime: 60_000,
  });

/**
 * One metric of one entity: at most ~`maxPoints` buckets, so the API picks 1 s points for short ranges and rollups
 * beyond (the answer says which).
 */
export const metricQuery = (range: ResolvedRange, entity: string, metric: string, attrs: Record<string, string> = {}, maxPoints = 600) =>
  rangeQuery<MetricsResponse>('metric', range, '/metrics', {
    entity,
    metric,
    maxPoints,
    maxSeries: 50,
    ...Object.fromEntries(Object.entries(attrs).map(([k, v]) => [`attr.${k}`, v])),
  });

export const entityEventsQuery = (range: ResolvedRange, entity: string) =>
  rangeQuery<EventsResponse>('entity-events', range, '/infrastructure/events', { entity, limit: 100 }, 'list');

export type InstancesResponse = ApiResponse<'listServiceInstances'>;

/**
 * The service instances seen on a host, a container or a runtime (by entity id); a process's are its host's with
 * its pid.
 */
export function instancesQuery(range: ResolvedRange, entity: { id: string; type: string; hostEntityId: string }) {
  const params =
    entity.type === 'host'
      ? { host: entity.id }
      : entity.type === 'container'
        ? { container: entity.id }
        : entity.type === 'process'
          ? { host: entity.hostEntityId }
          : { entity: entity.id };
  return rangeQuery<InstancesResponse>('instances', range, '/service-instances', params, 'list');
}
