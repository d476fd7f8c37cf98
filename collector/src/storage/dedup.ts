import type { Logger } from 'pino';
import type { Storage } from './storage.js';

/**
 * Tables the collector inserts into with a deduplication token (ingest, the call resolver), and the tables the
 * materialized views on them write to. A retried or replayed insert carries the same token, and ClickHouse skips
 * it in the table and in every view fed by it; non-replicated tables only remember tokens within their
 * `non_replicated_deduplication_window` (0 by default), so `applyDedupWindows` sets one. Other tables keep 0:
 * with a window, an insert without a token is deduplicated by its content, which would drop legitimately
 * repeated rows.
 */
export const DEDUP_TABLES = [
  // traces and what the collector derives from them
  'spans',
  'trace_index',
  'service_instances',
  'service_spans_1m',
  'endpoint_registry',
  'endpoint_kpi_1s',
  'endpoint_kpi_1m',
  'endpoint_kpi_1h',
  'calls',
  'edge_kpi_1s',
  'edge_kpi_1m',
  'edge_kpi_1h',
  'span_arrivals',
  // the alert signals' views on spans
  'alert_downstream_1s',
  'alert_service_versions',
  // metrics, logs and the metric rollup views
  'metric_points',
  'metric_histograms',
  'metric_rollup_10s',
  'metric_rollup_1m',
  'metric_rollup_1h',
  'logs',
  // browser beacons and their rollup views
  'eum_beacons',
  'eum_resources',
  'eum_rollup_1s',
  'eum_rollup_1m',
  'eum_rollup_1h',
  // agent entities
  'entities',
  'entity_changes',
  'entity_heartbeats',
  'entity_events',
] as const;

/** How many recent insert tokens each table remembers: far more than the inserts a crash or a retry can repeat. */
export const DEDUP_WINDOW = 1000;

/**
 * Sets the deduplication window on the DEDUP_TABLES that exist (embedded and server mode; Replicated tables in a
 * cluster deduplicate by default). Idempotent: tables already set are left alone.
 */
export async function applyDedupWindows(storage: Storage, log: Logger): Promise<number> {
  if (storage.mode === 'cluster') return 0;
  const rows = await storage.query<{ name: string; engine_full: string }>(
    `SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN {names:Array(String)}
       AND engine LIKE '%MergeTree' AND engine NOT LIKE 'Replicated%'`,
    { names: [...DEDUP_TABLES] },
  );
  let changed = 0;
  for (const r of rows) {
    if (r.engine_full.includes(`non_replicated_deduplication_window = ${DEDUP_WINDOW}`)) continue;
    await storage.command(`ALTER TABLE ${r.name} MODIFY SETTING non_replicated_deduplication_window = ${DEDUP_WINDOW}`);
    changed++;
  }
  if (changed) log.info({ tables: changed, window: DEDUP_WINDOW }, 'insert deduplication window set');
  return changed;
}
