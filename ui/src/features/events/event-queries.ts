import { rangeQuery } from '../../api/queries';
import { ApiError, api, type Params } from '../../api/client';
import { refreshMs, type ResolvedRange } from '../../lib/time-range';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { AlertEvent } from './event-types';
import type { AnalyticsEvent } from './unified';

/** Alerting events (changes, issues, incidents) in the range; none where the alerting API is not installed (404). */
export const alertEventsQuery = (range: ResolvedRange, filter: Params = {}) =>
  queryOptions({
    queryKey: ['alert-events', range.key, filter],
    queryFn: async ({ signal }) => {
      try {
        return (await api.get<{ events: AlertEvent[] }>('/events', { limit: 1000, ...filter, ...range.bounds() }, signal)).events;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404 && e.code === 'NOT_FOUND') return [];
        throw e;
      }
    },
    refetchInterval: refreshMs(range, 'list'),
    placeholderData: keepPreviousData,
  });

export const infraEventsQuery = (range: ResolvedRange, filter: Params = {}) =>
  rangeQuery<{ events: import('@argus/api').EntityEvent[] }>(
    'infra-events',
    range,
    '/infrastructure/events',
    { limit: 1000, ...filter },
    'list',
  );

export const analyticsEventsQuery = (range: ResolvedRange) =>
  rangeQuery<{ events: AnalyticsEvent[] }>('analytics-events', range, '/analytics/events', { limit: 1000 }, 'list');
