import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { createWorld, eventually, SpanKind } from '../../testing/otel-world.js';
import { spanWhere } from './span-filter.js';
import { SPAN_SELECT, spanFromRow, type SpanRow } from './span-view.js';

// A span's resource attributes are stored as one JSON object per map in LowCardinality columns (migration 009); spans
// stored before keep their Map columns. Reads (the span view, resource and attribute filters) take either alike.
let c: TestCollector;
const now = Date.now();
const range = { from: now - 3_600_000, to: now + 60_000 };

beforeAll(async () => {
  c = await startTestCollector({ batchFlushMs: 20 });
  const world = createWorld(c.ingestUrl, c.ingestKey);
  const svc = world.service('fresh', {
    'host.name': 'h-new',
    'process.pid': 4242,
    'note.text': 'a "quoted" ünïcode\tvalue',
    'deal.name': '50%_off\\x',
  });
  await world.send([svc.span({ name: 'GET /new', kind: SpanKind.SERVER, startMs: now - 60_000, durationMs: 5 })]);
  await world.close();
  // a span as stored before migration 009: resource maps in their Map columns, the JSON columns empty
  await c.deps.storage.command(
    `INSERT INTO spans (tenant, trace_id, span_id, service, name, timestamp, duration_ns, resource_attributes, resource_attributes_typed)
     VALUES ('default', unhex('0102030405060708090a0b0c0d0e0f10'), unhex('0102030405060708'), 'legacy', 'GET /old',
             fromUnixTimestamp64Milli(${now - 60_000}), 1000, map('service.name', 'legacy', 'host.name', 'h-old'), map('process.pid', 'i:7'))`,
  );
  await eventually(async () => (await spans({})).length === 2);
}, 60_000);
afterAll(() => c?.destroy());

async function spans(filter: Parameters<typeof spanWhere>[2], attributesMatchResource = false) {
  const { where, params } = spanWhere('default', range, filter, { attributesMatchResource });
  const rows = await c.deps.storage.query<SpanRow>(`SELECT ${SPAN_SELECT} FROM spans WHERE ${where} ORDER BY service`, params);
  return rows.map(spanFromRow);
}

describe('resource attributes stored as JSON', () => {
  it('are stored in the JSON columns, the Map columns left empty', async () => {
    const [row] = await c.deps.storage.query<{ json: string; typed: string; map: Record<string, string> }>(
      `SELECT resource_json AS json, resource_typed_json AS typed, resource_attributes AS map FROM spans WHERE service = 'fresh'`,
    );
    expect(JSON.parse(row.json)).toMatchObject({ 'service.name': 'fresh', 'host.name': 'h-new' });
    expect(JSON.parse(row.typed)).toEqual({ 'process.pid': 'i:4242' });
    expect(row.map).toEqual({});
  });

  it('read back as the resource of the span view, new rows and rows stored before alike', async () => {
    const [fresh, legacy] = await spans({});
    expect(fresh.service).toBe('fresh');
    expect(fresh.resource).toMatchObject({
      'service.name': 'fresh',
      'host.name': 'h-new',
      'process.pid': 4242,
      'note.text': 'a "quoted" ünïcode\tvalue',
    });
    expect(legacy.resource).toEqual({ 'service.name': 'legacy', 'host.name': 'h-old', 'process.pid': 7 });
  });

  it('match resource filters and attribute filters that also look at the resource', async () => {
    const names = async (filter: Parameters<typeof spanWhere>[2], alsoResource = false) =>
      (await spans(filter, alsoResource)).map((s) => s.service);
    expect(await names({ resource: [['host.name', 'h-new']] })).toEqual(['fresh']);
    expect(await names({ resource: [['host.name', 'h-old']] })).toEqual(['legacy']);
    expect(await names({ resource: [['note.text', 'a "quoted" ünïcode\tvalue']] })).toEqual(['fresh']);
    expect(await names({ resource: [['host.name', 'elsewhere']] })).toEqual([]);
    // the whole value and the whole key, LIKE's own characters taken as they are
    expect(await names({ resource: [['host.name', 'h-ne']] })).toEqual([]);
    expect(await names({ resource: [['name', 'h-new']] })).toEqual([]);
    expect(await names({ resource: [['deal.name', '50%_off\\x']] })).toEqual(['fresh']);
    expect(await names({ resource: [['deal.name', '50%']] })).toEqual([]);
    expect(await names({ resource: [['deal.name', '50__off\\x']] })).toEqual([]);
    // an empty value matches a missing key, as a map read does
    expect(await names({ resource: [['no.such.key', '']] })).toEqual(['fresh', 'legacy']);
    expect(await names({ resource: [['host.name', '']] })).toEqual([]);
    expect(await names({ attributes: [['host.name', 'h-old']] }, true)).toEqual(['legacy']);
    expect(await names({ attributes: [['host.name', 'h-new']] }, true)).toEqual(['fresh']);
    expect(await names({ attributes: [['host.name', 'h-new']] })).toEqual([]);
  });
});
