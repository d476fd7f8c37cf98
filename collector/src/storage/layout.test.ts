import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { testNanos } from '../../testing/recent-time.js';
import { applyLayout, SPANS_LAYOUT, type TableLayout } from './layout.js';
import type { TemplateContext } from './sql-template.js';

const dataDir = mkdtempSync(join(tmpdir(), 'argus-layout-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const log = pino({ level: 'silent' });
const ctx: TemplateContext = { mode: 'embedded', retentionDays: 7, metricsRawRetentionHours: 48 };

/** the spans layout that migration 002 created, before SPANS_LAYOUT */
const SPANS_BEFORE: TableLayout = {
  table: 'spans',
  id: 'spans-1-by-name',
  clauses: `PARTITION BY toDate(timestamp)
ORDER BY (tenant, service, name, timestamp)
TTL toDateTime(timestamp) + toIntervalDay({{retention_days}})
SETTINGS ttl_only_drop_parts = 1`,
  shardingKey: 'cityHash64(trace_id)',
};

const tableInfo = async (c: TestCollector, name: string) =>
  (
    await c.deps.storage.query<{ sorting_key: string; comment: string }>(
      'SELECT sorting_key, comment FROM system.tables WHERE database = currentDatabase() AND name = {name:String}',
      { name },
    )
  )[0];

async function sendTrace(c: TestCollector, traceId: string, spans: Array<{ service: string; spanId: string; parent?: string }>) {
  const res = await fetch(`${c.ingestUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${c.ingestKey}` },
    body: JSON.stringify({
      resourceSpans: spans.map((s, i) => ({
        resource: { attributes: [{ key: 'service.name', value: { stringValue: s.service } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId: s.spanId,
                parentSpanId: s.parent,
                name: `op-${i}`,
                kind: 2,
                startTimeUnixNano: testNanos(i * 1000),
                endTimeUnixNano: testNanos(i * 1000 + 500),
              },
            ],
          },
        ],
      })),
    }),
  });
  expect(res.status).toBe(200);
}

it('rewrites an existing spans table into the new layout once, keeping every row and counting nothing twice', async () => {
  const traceId = 'a1'.repeat(16);
  const first = await startTestCollector({ dataDir });
  expect((await tableInfo(first, 'spans')).sorting_key).toContain('trace_id');
  await sendTrace(first, traceId, [
    { service: 'web', spanId: '01'.repeat(8) },
    { service: 'api', spanId: '02'.repeat(8), parent: '01'.repeat(8) },
    { service: 'api', spanId: '03'.repeat(8), parent: '02'.repeat(8) },
  ]);
  // acknowledged = in the write-ahead log: wait until the rows are in ClickHouse
  for (let i = 0; i < 100; i++) {
    const [r] = await first.deps.storage.query<{ n: string }>('SELECT count() AS n FROM spans');
    if (Number(r.n) >= 3) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  // turn the data directory into one written before SPANS_LAYOUT existed
  expect(await applyLayout(first.deps.storage, ctx, SPANS_BEFORE, log)).toBe(3);
  expect((await tableInfo(first, 'spans')).sorting_key).toBe('tenant, service, name, timestamp');
  await first.stop();

  const second = await startTestCollector({ dataDir });
  try {
    const info = await tableInfo(second, 'spans');
    expect(info.sorting_key).toBe('tenant, service, toStartOfTenMinutes(timestamp), trace_id, timestamp');
    expect(info.comment).toContain(SPANS_LAYOUT.id);
    expect(await tableInfo(second, 'spans_relayout')).toBeUndefined();
    const got = (await (await fetch(`${second.apiUrl}/api/v1/traces/${traceId}`)).json()) as { spans: { spanId: string }[] };
    expect(got.spans.map((s) => s.spanId).sort()).toEqual(['01'.repeat(8), '02'.repeat(8), '03'.repeat(8)]);
    const indexed = async (n: number) => {
      // trace_index rows come from the collector with each ingest batch (no view on spans): poll for them
      for (let i = 0; ; i++) {
        const [r] = await second.deps.storage.query<{ idx: string }>(
          `SELECT sum(spans) AS idx FROM trace_index WHERE trace_id = unhex({t:String})`,
          { t: traceId },
        );
        if (Number(r.idx) >= n || i >= 100) return Number(r.idx);
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    // the copy wrote no trace_index row (nothing counted twice); new spans still add theirs, once
    expect(await indexed(3)).toBe(3);
    await sendTrace(second, traceId, [{ service: 'db', spanId: '04'.repeat(8), parent: '03'.repeat(8) }]);
    expect(await indexed(4)).toBe(4);
    await new Promise((res) => setTimeout(res, 500));
    expect(await indexed(0)).toBe(4);
  } finally {
    await second.stop();
  }
});

it('recovers from a start that stopped during the copy or between the exchange and the drop', async () => {
  const c = await startTestCollector({ dataDir });
  const s = c.deps.storage;
  const layout: TableLayout = { table: 'demo', id: 'demo-2', clauses: 'ORDER BY (b, a)', shardingKey: 'rand()' };
  try {
    await s.command('CREATE TABLE demo (a UInt32, b String) ENGINE = MergeTree ORDER BY a');
    await s.command('CREATE TABLE demo_total (n UInt64) ENGINE = SummingMergeTree ORDER BY tuple()');
    await s.command('CREATE MATERIALIZED VIEW demo_mv TO demo_total AS SELECT count() AS n FROM demo');
    await s.command(`INSERT INTO demo VALUES (1, 'x'), (2, 'y'), (3, 'z')`);
    // an interrupted copy: the side table exists with part of the rows
    await s.command(`CREATE TABLE demo_relayout AS demo ENGINE = MergeTree ORDER BY (b, a) COMMENT 'argus-layout:demo-2'`);
    await s.command(`INSERT INTO demo_relayout VALUES (1, 'x')`);
    expect(await applyLayout(s, ctx, layout, log)).toBe(3);
    expect(await s.query('SELECT a, b FROM demo ORDER BY a')).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
      { a: 3, b: 'z' },
    ]);
    expect(await s.query('SELECT sum(n) AS n FROM demo_total')).toEqual([{ n: 3 }]);
    await s.command(`INSERT INTO demo VALUES (4, 'w')`);
    expect(await s.query('SELECT sum(n) AS n FROM demo_total')).toEqual([{ n: 4 }]);
    // a side table left over after the exchange is dropped, and nothing is copied again
    await s.command(`CREATE TABLE demo_relayout AS demo`);
    expect(await applyLayout(s, ctx, layout, log)).toBeUndefined();
    expect(await tableInfo(c, 'demo_relayout')).toBeUndefined();
    expect(await s.query('SELECT count() AS n FROM demo')).toEqual([{ n: 4 }]);
  } finally {
    await c.stop();
  }
});
