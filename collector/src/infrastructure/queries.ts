import type { EntityDetailResponse, MetricListResponse, MetricsResponse } from '@argus/api';
import { metricResolution, type RetentionSettings, type TimeRange } from '../query/resolution.js';
import type { Storage } from '../storage/storage.js';
import { createEntityQueries, type EntityFilter } from './entities/queries.js';
import { listMetrics, querySeries } from './metrics/query.js';

export interface MetricSeriesQuery {
  entity: string;
  metric: string;
  /** only series with these attribute values */
  attributes?: Record<string, string>;
  /** buckets per series at most (picks the resolution) */
  maxPoints: number;
  maxSeries: number;
}

/**
 * The infrastructure read side (deps.queries.infrastructure): entities (online = reported within
 * offlineAfterMs), one entity with its surroundings, entity events, and metric series at a resolution picked by
 * the one catalogue (query/resolution.ts).
 */
export function createInfrastructureQueries(storage: Storage, o: { offlineAfterMs: number; retention: RetentionSettings }) {
  const entities = createEntityQueries(storage, o.offlineAfterMs);
  return {
    /** Entities by type, text, parent or ids; `online` filters after `limit` is applied (reads up to 5000). */
    async entities(tenant: string, f: EntityFilter & { online?: boolean }) {
      if (f.online === undefined) return entities.find(tenant, f);
      const all = await entities.find(tenant, { ...f, limit: 5000 });
      return all.filter((e) => e.online === f.online).slice(0, f.limit);
    },

    /** One entity with its parent, children, last 50 events and last 20 changes; null when unknown. */
    async entity(tenant: string, id: string): Promise<EntityDetailResponse | null> {
      const [entity] = await entities.find(tenant, { ids: [id], limit: 1 });
      if (!entity) return null;
      const [parent, children, events, changes] = await Promise.all([
        entity.parentId ? entities.find(tenant, { ids: [entity.parentId], limit: 1 }).then((r) => r[0] ?? null) : Promise.resolve(null),
        entities.find(tenant, { parent: id, limit: 5000 }),
        entities.events(tenant, { entity: id, from: 0, to: Date.now() + 60_000, limit: 50 }),
        entities.changes(tenant, id, 20),
      ]);
      return { entity, parent, children, events, changes };
    },

    /** Every entity reported since `since` in compact form (the infrastructure map), online computed as above. */
    map: (tenant: string, f: { since: number; limit: number }) => entities.mapRows(tenant, f),

    /** Entity events in a range, newest first (all entities, or one). */
    events: (tenant: string, f: TimeRange & { entity?: string; limit: number }) => entities.events(tenant, f),

    /** One metric of one entity over a range, every series with its points. */
    async metricSeries(tenant: string, q: MetricSeriesQuery, r: TimeRange): Promise<MetricsResponse> {
      const resolution = metricResolution(r.from, r.to, Date.now(), q.maxPoints, o.retention);
      const series = await querySeries(
        storage,
        { tenant, entity: q.entity, metric: q.metric, from: r.from, to: r.to, attributes: q.attributes ?? {}, maxSeries: q.maxSeries },
        resolution,
      );
      return {
        entity: q.entity,
        metric: q.metric,
        from: r.from,
        to: r.to,
        resolution: resolution.source.name,
        stepMs: resolution.step * 1000,
        series,
      };
    },

    /** The metrics an entity reported since `sinceMs`. */
    async metricList(tenant: string, entity: string, sinceMs: number): Promise<MetricListResponse> {
      return { entity, metrics: await listMetrics(storage, tenant, entity, sinceMs) };
    },
  };
}

export type InfrastructureQueries = ReturnType<typeof createInfrastructureQueries>;
