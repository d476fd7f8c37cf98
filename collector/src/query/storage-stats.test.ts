import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { testNanos } from '../../testing/recent-time.js';

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
  const span = {
    traceId: 'ab'.repeat(16),
    spanId: 'cd'.repeat(8),
    name: 'stored',
    startTimeUnixNano: testNanos(),
    endTimeUnixNano: testNanos(100_000),
  };
  const res = await fetch(`${c.ingestUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${c.ingestKey}` },
    body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }),
  });
  expect(res.status).toBe(200);
  // acknowledged = in the write-ahead log; stored in ClickHouse right after
  for (let i = 0; i < 100; i++) {
    const [r] = await c.deps.storage.query<{ n: string }>('SELECT count() AS n FROM spans');
    if (Number(r.n) > 0) break;
    await new Promise((done) => setTimeout(done, 100));
  }
});
afterAll(() => c?.destroy());

it('reports rows and bytes per table and per column', async () => {
  const tables = (await (await fetch(`${c.apiUrl}/api/v1/storage`)).json()) as {
    tables: { table: string; rows: number; bytesOnDisk: number }[];
  };
  expect(tables.tables.find((t) => t.table === 'spans')).toMatchObject({ rows: 1 });
  const cols = (await (await fetch(`${c.apiUrl}/api/v1/storage/columns?table=spans`)).json()) as {
    rows: number;
    columns: { column: string; compressedBytes: number }[];
  };
  expect(cols.rows).toBe(1);
  expect(cols.columns.map((x) => x.column)).toContain('trace_id');
  expect(cols.columns.every((x) => x.compressedBytes >= 0)).toBe(true);
});

it('refuses an unknown table with 400', async () => {
  const res = await fetch(`${c.apiUrl}/api/v1/storage/columns?table=nope`);
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM' });
});

it('stores spans, trace index and calls with the codecs chosen on the ingest benchmark (migrations 007, 008, 049)', async () => {
  const rows = await c.deps.storage.query<{ t: string; name: string; codec: string }>(
    `SELECT table AS t, name, compression_codec AS codec FROM system.columns
     WHERE database = currentDatabase() AND table IN ('spans', 'trace_index', 'calls')`,
  );
  const codec = (t: string, name: string) => rows.find((r) => r.t === t && r.name === name)?.codec;
  expect(codec('spans', 'timestamp')).toBe('CODEC(Delta(8), ZSTD(1))');
  expect(codec('spans', 'inserted_at')).toBe('CODEC(ZSTD(1))');
  expect(codec('spans', 'attributes')).toBe('CODEC(ZSTD(3))');
  expect(codec('spans', 'resource_attributes')).toBe('CODEC(ZSTD(6))');
  expect(codec('spans', 'attributes_typed')).toBe('CODEC(ZSTD(6))');
  for (const name of ['trace_id', 'start', 'end', 'spans']) expect(codec('trace_index', name)).toBe('CODEC(ZSTD(3))');
  // every stored column of calls has a codec (EPHEMERAL inputs are not stored)
  const calls = rows.filter((r) => r.t === 'calls' && !r.name.endsWith('_hex'));
  expect(calls.length).toBeGreaterThan(10);
  expect(calls.filter((r) => r.codec === '').map((r) => r.name)).toEqual([]);
});
