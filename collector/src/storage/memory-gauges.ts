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
  CompiledExpressionCacheBytes: 'compiled_expression_cache',
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
  registerAllocatorGauges(telemetry, storage, jobs);
}

const ALLOCATOR = /Allocated: (\d+), active: \d+, metadata: (\d+)[^\n]*?, resident: (\d+)/;

/**
 * ClickHouse's own allocator (jemalloc, linked into chDB and into ClickHouse servers): the bytes its live objects take
 * (`allocator_allocated`) and the pages it holds (`allocator_resident`: live objects, freed pages not yet returned,
 * which it returns 5 s after they are freed, and its metadata). Where the resident memory of an embedded collector
 * grows, these say whether ClickHouse keeps more objects or more free pages. Read every 10 s (the statistics are
 * ~90 KB of text); a ClickHouse built without jemalloc has no such table, and the gauges stay 0.
 */
function registerAllocatorGauges(telemetry: Telemetry, storage: Storage, jobs: JobRunner): void {
  const values = { allocated: 0, metadata: 0, resident: 0 };
  for (const k of ['allocated', 'metadata', 'resident'] as const)
    telemetry.gauge('argus_clickhouse_memory_bytes', { kind: `allocator_${k}` }, () => values[k]);
  let missing = false;
  jobs.register({
    name: 'storage.allocator',
    intervalMs: 10_000,
    timeoutMs: 10_000,
    runAtStart: true,
    async run() {
      if (missing) return;
      let rows: { stats: string }[];
      try {
        rows = await storage.query<{ stats: string }>('SELECT stats FROM system.jemalloc_stats');
      } catch (e) {
        if (/UNKNOWN_TABLE|jemalloc_stats/.test((e as Error).message)) missing = true;
        else throw e;
        return;
      }
      const m = ALLOCATOR.exec(rows[0]?.stats ?? '');
      if (!m) return;
      values.allocated = Number(m[1]);
      values.metadata = Number(m[2]);
      values.resident = Number(m[3]);
    },
  });
}
