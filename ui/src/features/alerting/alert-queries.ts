import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { AlertEvent } from '../events/event-types';
import type { AlertRule, Blueprint, Channel, IncidentDetail, Notification } from './alert-types';

/** Reads of the alerting pages. */

export const alertsQuery = () =>
  queryOptions({
    queryKey: ['alerts'],
    queryFn: ({ signal }) => api.get<{ alerts: AlertRule[] }>('/alerts', {}, signal),
    refetchInterval: 5000,
    placeholderData: keepPreviousData,
  });

export const alertQuery = (id: string) =>
  queryOptions({
    queryKey: ['alert', id],
    queryFn: ({ signal }) => api.get<AlertRule>(`/alerts/${encodeURIComponent(id)}`, {}, signal),
    refetchInterval: 5000,
    retry: false,
  });

export const blueprintsQuery = () =>
  queryOptions({
    queryKey: ['alert-blueprints'],
    queryFn: ({ signal }) => api.get<{ blueprints: Blueprint[] }>('/alerts/blueprints', {}, signal),
    staleTime: 300_000,
  });

export const channelsQuery = () =>
  queryOptions({
    queryKey: ['alert-channels'],
    queryFn: ({ signal }) => api.get<{ channels: Channel[] }>('/alert-channels', {}, signal),
    staleTime: 10_000,
  });

export const notificationsQuery = (filter: { channel?: string; event?: string }) =>
  queryOptions({
    queryKey: ['alert-notifications', filter],
    queryFn: ({ signal }) => api.get<{ notifications: Notification[] }>('/alert-notifications', { ...filter, limit: 100 }, signal),
    refetchInterval: 5000,
    placeholderData: keepPreviousData,
  });

export const incidentQuery = (id: string) =>
  queryOptions({
    queryKey: ['incident', id],
    queryFn: ({ signal }) => api.get<IncidentDetail>(`/incidents/${encodeURIComponent(id)}`, {}, signal),
    refetchInterval: 5000,
    retry: false,
  });

export const openIncidentsQuery = () =>
  queryOptions({
    queryKey: ['open-incidents'],
    queryFn: ({ signal }) =>
      api.get<{ events: AlertEvent[] }>(
        '/events',
        { type: 'incident', state: 'open', from: Date.now() - 30 * 86_400_000, limit: 100 },
        signal,
      ),
    refetchInterval: 5000,
    placeholderData: keepPreviousData,
  });
