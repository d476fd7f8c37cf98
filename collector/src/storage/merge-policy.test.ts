import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { loadConfig, SPANS_MERGE_BASE_DEFAULT } from '../config.js';
import { applySpansMergeBase } from './merge-policy.js';

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

describe('the spans table merge base', () => {
  it('is set on the spans table at start, and on no other table', async () => {
    expect(await settings('spans')).toContain(`merge_selector_base = ${SPANS_MERGE_BASE_DEFAULT}`);
    expect(await settings('trace_index')).not.toContain('merge_selector_base');
  });

  it('follows a changed setting once, and leaves a table already set alone', async () => {
    expect(await applySpansMergeBase(c.deps.storage, ctx, 8, log)).toBe(true);
    expect(await settings('spans')).toContain('merge_selector_base = 8');
    expect(await applySpansMergeBase(c.deps.storage, ctx, 8, log)).toBe(false);
    expect(await applySpansMergeBase(c.deps.storage, ctx, SPANS_MERGE_BASE_DEFAULT, log)).toBe(true);
    expect(await settings('spans')).toContain(`merge_selector_base = ${SPANS_MERGE_BASE_DEFAULT}`);
  });

  it('is refused outside 2-100 with a clear message', () => {
    expect(() => loadConfig({}, { ARGUS_SPANS_MERGE_BASE: '1' })).toThrow(/ARGUS_SPANS_MERGE_BASE must be at least 2/);
    expect(loadConfig({}, { ARGUS_SPANS_MERGE_BASE: '5' }).spansMergeBase).toBe(5);
  });
});
