import type { AnalyticsQueries } from '../analytics/api/analytics-queries.js';
import type { WebsiteQueries } from '../eum/api/queries.js';
import type { InfrastructureQueries } from '../infrastructure/queries.js';
import type { LogQueries } from './logs.js';
import type { StorageQueries } from './storage-stats.js';
import type { TraceQueries } from './traces.js';

/**
 * The read side, by feature: plain functions that take a tenant and typed parameters and return the API's typed
 * answers (@argus/api). Routes, the alert evaluator and the UI's server-side needs all call these, never SQL.
 * Each feature module provides its part from `CollectorModule.queries()`; they are on `deps.queries`.
 */
export interface QueryServices {
  /** span search, trace search, trace by id, logs (query module) */
  traces: TraceQueries & LogQueries;
  /** rows and bytes per table and column (query module) */
  storage: StorageQueries;
  /** services, endpoints, edges, instances, the dependency map, KPI series (analytics module) */
  analytics: AnalyticsQueries;
  /** entities, their events and changes, metric series (infrastructure module) */
  infrastructure: InfrastructureQueries;
  /** websites and their EUM rollups, errors, resources, HTTP calls, sessions (EUM module) */
  websites: WebsiteQueries;
}

export const QUERY_FEATURES = ['traces', 'storage', 'analytics', 'infrastructure', 'websites'] as const satisfies ReadonlyArray<
  keyof QueryServices
>;
