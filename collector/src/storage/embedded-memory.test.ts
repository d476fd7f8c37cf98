import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { fromStorageError } from '../errors.js';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { engineArgs } from './embedded.js';

const MiB = 1024 * 1024;

describe('the embedded engine memory limit (ARGUS_EMBEDDED_MAX_MEMORY)', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ embeddedMaxMemory: 256 * MiB });
  });
  afterAll(() => c?.destroy());

  it('starts the in-process ClickHouse with the limit and caches in proportion to it', async () => {
    const rows = await c.deps.storage.query<{ name: string; value: string }>(
      `SELECT name, value FROM system.server_settings WHERE name IN
        ('max_server_memory_usage', 'mark_cache_size', 'primary_index_cache_size', 'index_mark_cache_size',
         'query_condition_cache_size', 'uncompressed_cache_size', 'merges_mutations_memory_usage_soft_limit')`,
    );
    const got = Object.fromEntries(rows.map((r) => [r.name, Number(r.value)]));
    expect(got).toEqual({
      max_server_memory_usage: 256 * MiB,
      merges_mutations_memory_usage_soft_limit: 128 * MiB,
      mark_cache_size: 32 * MiB,
      primary_index_cache_size: 16 * MiB,
      index_mark_cache_size: 16 * MiB,
      query_condition_cache_size: 8 * MiB,
      uncompressed_cache_size: 0,
    });
  });

  it('turns a query that ClickHouse refuses for memory into a 503 with what to do', async () => {
    const err = await c.deps.storage.query('SELECT groupArray(number) FROM numbers(10000000) SETTINGS max_memory_usage = 10000000').then(
      () => undefined,
      (e: unknown) => e,
    );
    const mapped = fromStorageError(err);
    expect(mapped).toMatchObject({ code: 'STORAGE_MEMORY_LIMIT', status: 503, retryAfterSeconds: 5 });
    expect(mapped?.message).toMatch(/narrow the time range/);
    expect(fromStorageError(new Error('other'))).toBeUndefined();
  });

  it("reports ClickHouse's own memory on GET /metrics, with its allocator's", async () => {
    let tracked = 0;
    let allocated = 0;
    let resident = 0;
    for (let i = 0; i < 50 && (tracked === 0 || resident === 0); i++) {
      const text = await (await fetch(`${c.ingestUrl}/metrics`)).text();
      tracked = Number(/^argus_clickhouse_memory_bytes\{kind="tracked"\} (\d+)$/m.exec(text)?.[1] ?? 0);
      expect(text).toMatch(/^argus_clickhouse_memory_bytes\{kind="mark_cache"\} \d+$/m);
      expect(text).toMatch(/^argus_clickhouse_memory_bytes\{kind="compiled_expression_cache"\} \d+$/m);
      allocated = Number(/^argus_clickhouse_memory_bytes\{kind="allocator_allocated"\} (\d+)$/m.exec(text)?.[1] ?? 0);
      resident = Number(/^argus_clickhouse_memory_bytes\{kind="allocator_resident"\} (\d+)$/m.exec(text)?.[1] ?? 0);
      if (tracked === 0 || resident === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(tracked).toBeGreaterThan(MiB);
    expect(tracked).toBeLessThan(256 * MiB);
    // chDB's jemalloc: live objects, within the pages it holds
    expect(allocated).toBeGreaterThan(MiB);
    expect(resident).toBeGreaterThanOrEqual(allocated);
  });

  it("reports the decode worker's heap, which the process's own heap gauge does not include", async () => {
    let heap = 0;
    for (let i = 0; i < 200 && heap === 0; i++) {
      // decoded on the main thread until the worker has loaded its code, then on the worker, which reports its heap
      const res = await fetch(`${c.ingestUrl}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${c.ingestKey}` },
        body: '{}',
      });
      expect(res.status).toBe(200);
      const text = await (await fetch(`${c.ingestUrl}/metrics`)).text();
      heap = Number(/^argus_decode_heap_bytes (\d+)$/m.exec(text)?.[1] ?? NaN);
      expect(Number.isNaN(heap)).toBe(false);
      if (heap === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(heap).toBeGreaterThan(MiB);
  });
});

describe('engine arguments', () => {
  it('leaves ClickHouse its defaults with 0, and never sizes a cache below 8 MiB', () => {
    expect(engineArgs(0)).toEqual([]);
    expect(engineArgs(128 * MiB)).toContain(`--query_condition_cache_size=${8 * MiB}`);
    expect(engineArgs(1024 * MiB)).toContain(`--compiled_expression_cache_size=${64 * MiB}`);
  });

  it('defaults to 1 GiB, takes 0 for no limit, and refuses a limit too small to run with a clear message', () => {
    expect(loadConfig({}, {}).embeddedMaxMemory).toBe(1024 * MiB);
    expect(loadConfig({}, { ARGUS_EMBEDDED_MAX_MEMORY: '0' }).embeddedMaxMemory).toBe(0);
    expect(() => loadConfig({}, { ARGUS_EMBEDDED_MAX_MEMORY: String(64 * MiB) })).toThrow(
      /ARGUS_EMBEDDED_MAX_MEMORY: .*at least 134217728/,
    );
  });
});
