import type { JobRunner } from '../jobs/types.js';
import type { Telemetry } from '../telemetry.js';
import type { Storage } from './storage.js';

/** system.metrics names -> the `kind` label of argus_clickhouse_memory_bytes */
const KINDS: Record<string, string> = {
  MemoryTracking: 'tracked',
  MergesMutationsMemoryTracking: 'merges',
  MarkCacheBytes: 'mark_cache',
  PrimaryIndexCacheBytes: 'primary_index_cache',
  IndexMarkCacheBytes: 'index_mark_cache',
  UncompressedCacheBytes: 'uncompressed_cache',
  QueryConditionCacheBytes: 'query_condition_cache',
};

/**
 * ClickHouse's own view of its memory as gauges (the embedded engine's, or the server's this collector reaches):
 * what it tracks for queries, inserts and merges, and its caches. Read from system.metrics by a job every 2 s, so
 * a scrape never waits for ClickHouse; with the process gauges this says who holds the collector's memory.
 */
export function registerClickHouseMemoryGauges(telemetry: Telemetry, storage: Storage, jobs: JobRunner): void {
  const values = new Map<string, number>();
  for (const kind of Object.values(KINDS)) telemetry.gauge('argus_clickhouse_memory_bytes', { kind }, () => values.get(kind) ?? 0);
  const names = Object.keys(KINDS)
    .map((n) => `'${n}'`)
    .join(', ');
  jobs.register({
    name: 'storage.memory',
    intervalMs: 2_000,
    timeoutMs: 10_000,
    runAtStart: true,
    async run() {
      const rows = await storage.query<{ metric: string; value: number }>(
        `SELECT metric, toInt64(value) AS value FROM system.metrics WHERE metric IN (${names})`,
      );
      for (const r of rows) values.set(KINDS[r.metric], Number(r.value));
    },
  });
}
