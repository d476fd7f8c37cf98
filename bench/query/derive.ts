/**
 * The rows the collector derives from spans while it ingests them (ingest/derive: trace index, endpoint registry,
 * 1 s endpoint KPIs, service instances, spans per service and minute), computed here with SQL over the spans the
 * benchmark loaded straight into the `spans` table (the same values; the endpoint cap is not reached by the
 * benchmark's 20 services). Then the call resolver is fed the loaded spans as the ingest pipeline would feed it
 * (span feed), in batches of traces.
 */
import type { Logger } from 'pino';
import type { AnalyticsConfig } from '../../collector/src/analytics/config.js';
import { createResolver, type ResolverStats } from '../../collector/src/analytics/resolver/resolver.js';
import { loadSpans } from '../../collector/src/analytics/resolver/store.js';
import { writeSkeleton } from '../../collector/src/ingest/derive/skeleton.js';
import { createSpanFeed } from '../../collector/src/ingest/span-feed.js';
import type { Storage } from '../../collector/src/storage/storage.js';
import { RESOURCE_ATTRIBUTES_EXPR } from '../../collector/src/query/span-view.js';

const EP = `argus_endpoint_v1(name, http_method, http_route, url_path, url_full, rpc_service, rpc_method, db_system, db_operation,
  db_collection, db_statement, messaging_system, messaging_destination)`;

export async function deriveAnalyticsRows(storage: Storage): Promise<void> {
  await storage.command(
    `INSERT INTO trace_index SELECT tenant, trace_id, min(timestamp) AS start, max(addNanoseconds(timestamp, duration_ns)) AS end, count() AS spans
     FROM spans GROUP BY tenant, trace_id`,
  );
  await storage.command(
    `INSERT INTO endpoint_registry (tenant, service, endpoint, first_seen)
     SELECT tenant, service, ${EP} AS ep, min(toDateTime(timestamp)) FROM spans WHERE kind IN (2, 5) GROUP BY tenant, service, ep`,
  );
  await storage.command(
    `INSERT INTO endpoint_kpi_1s (tenant, ts, service, endpoint, calls, errors, client_errors, duration_sum, hist)
     SELECT tenant, toStartOfSecond(timestamp) AS ts, service, ${EP} AS ep, toInt64(count()), toInt64(countIf(has_error)),
       toInt64(countIf(http_status >= 400 AND http_status < 500)), toInt64(sum(duration_ns)),
       sumMap(([argus_lat_bucket_v1(duration_ns)], [toInt64(1)]))
     FROM spans WHERE kind IN (2, 5) GROUP BY tenant, ts, service, ep`,
  );
  await storage.command(
    `INSERT INTO service_instances (tenant, service, host_name, host_id, container_id, k8s_pod_uid, process_pid, entity_id, service_instance,
       first_seen, last_seen, spans)
     SELECT tenant, service, host_name, ${RESOURCE_ATTRIBUTES_EXPR}['host.id'] AS host_id, container_id, k8s_pod_uid, process_pid, entity_id,
       service_instance, min(toDateTime(timestamp)), max(toDateTime(timestamp)), count()
     FROM spans GROUP BY tenant, service, host_name, host_id, container_id, k8s_pod_uid, process_pid, entity_id, service_instance`,
  );
  await storage.command(
    `INSERT INTO service_spans_1m (tenant, ts, service, spans)
     SELECT tenant, toStartOfMinute(timestamp) AS ts, service, count() FROM spans GROUP BY tenant, ts, service`,
  );
}

export interface ResolveTiming {
  stats: ResolverStats;
  /** reading the spans back (the benchmark's cost only: the collector hands them over in memory) */
  readMs: number;
  /** the resolver: computing the calls and writing them */
  resolveMs: number;
}

/** Feeds every loaded trace to a fresh call resolver, `perBatch` traces at a time, and times it. */
export async function resolveAll(storage: Storage, config: AnalyticsConfig, log: Logger, perBatch = 10_000): Promise<ResolveTiming> {
  const feed = createSpanFeed();
  const resolver = createResolver({ storage, config, log, feed });
  let readMs = 0;
  let resolveMs = 0;
  const traces = await storage.query<{ t: string }>(`SELECT DISTINCT lower(hex(trace_id)) AS t FROM trace_index`);
  for (let i = 0; i < traces.length; i += perBatch) {
    let t0 = performance.now();
    const spans = await loadSpans(
      storage,
      traces.slice(i, i + perBatch).map((r) => ({ tenant: 'default', traceId: r.t })),
    );
    const skeleton = writeSkeleton(spans); // the form the ingest pipeline hands over
    readMs += performance.now() - t0;
    t0 = performance.now();
    const done = feed.publish({ scope: `bench-query-${i}`, parts: [{ tenant: 'default', skeleton }], capped: new Map(), replayed: false });
    await resolver.tick();
    await done;
    resolveMs += performance.now() - t0;
  }
  await resolver.stop();
  return { stats: resolver.stats, readMs, resolveMs };
}
