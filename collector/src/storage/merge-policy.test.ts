import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { loadConfig, SPANS_MERGE_BASE_DEFAULT } from '../config.js';
import { applySpansTableSettings, spansTableSettings, SPANS_MIN_LEVEL_FOR_WIDE_PART } from './merge-policy.js';

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
}, 120_000);
afterAll(() => c?.destroy());

const ctx = { mode: 'embedded' as const, retentionDays: 7, metricsRawRetentionHours: 48 };
const log = pino({ level: 'silent' });

async function settings(table: string): Promise<string> {
  const [row] = await c.deps.storage.query<{ engine_full: string }>(
    'SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = {table:String}',
    { table },
  );
  return row.engine_full;
}

describe("the spans table's part settings", () => {
  it('are set on the spans table at start, and on no other table', async () => {
    const spans = await settings('spans');
    expect(spans).toContain(`merge_selector_base = ${SPANS_MERGE_BASE_DEFAULT}`);
    expect(spans).toContain(`min_level_for_wide_part = ${SPANS_MIN_LEVEL_FOR_WIDE_PART}`);
    expect(await settings('trace_index')).not.toMatch(/merge_selector_base|min_level_for_wide_part/);
  });

  it('follow a changed setting once, and leave a table already set alone', async () => {
    const apply = (base: number) => applySpansTableSettings(c.deps.storage, ctx, spansTableSettings(base), log);
    expect(await apply(8)).toEqual(['merge_selector_base']);
    expect(await settings('spans')).toContain('merge_selector_base = 8');
    expect(await apply(8)).toEqual([]);
    expect(await apply(SPANS_MERGE_BASE_DEFAULT)).toEqual(['merge_selector_base']);
    expect(await settings('spans')).toContain(`merge_selector_base = ${SPANS_MERGE_BASE_DEFAULT}`);
  });

  it('an inserted part past the 10 MiB Wide threshold is written Compact (one data file), a merged one Wide', async () => {
    // ~18 MB uncompressed per insert
    const insert = () =>
      c.deps.storage.command(
        "INSERT INTO spans (tenant, trace_id, span_id, service, name, timestamp, status_message) SELECT 'default', randomString(16), randomString(8), 'compact-check', 'op', now64(9), repeat('x', 600) FROM numbers(30000)",
      );
    const newest = async () => {
      const [part] = await c.deps.storage.query<{ part_type: string; bytes: string; level: number }>(
        "SELECT part_type, data_uncompressed_bytes AS bytes, level FROM system.parts WHERE database = currentDatabase() AND table = 'spans' AND active ORDER BY modification_time DESC, bytes DESC LIMIT 1",
      );
      return { type: part.part_type, level: Number(part.level), big: Number(part.bytes) > 10 * 1024 * 1024 };
    };
    await insert();
    expect(await newest()).toEqual({ type: 'Compact', level: 0, big: true });
    await insert();
    await c.deps.storage.command('OPTIMIZE TABLE spans FINAL');
    expect(await newest()).toMatchObject({ type: 'Wide', big: true });
  });

  it('is refused outside 2-100 with a clear message', () => {
    expect(() => loadConfig({}, { ARGUS_SPANS_MERGE_BASE: '1' })).toThrow(/ARGUS_SPANS_MERGE_BASE must be at least 2/);
    expect(loadConfig({}, { ARGUS_SPANS_MERGE_BASE: '5' }).spansMergeBase).toBe(5);
  });
});
