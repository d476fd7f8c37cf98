/**
 * Through the real collector (embedded ClickHouse): OTLP metrics at 1-second resolution are read back at 1 s,
 * the rollup materialized views hold the right min/max/avg/count, counters come back as reset-safe rates, and
 * old ranges are served from rollups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../../testing/index.js';
import { encodeMetrics, postMetrics, type TestMetric } from '../../../testing/otlp-metrics.js';

const H = 3_600_000;
const N = 1200; // 20 minutes of 1-second points
let c: TestCollector;
// recent series (raw 1 s points kept) and an old one (3 days ago: beyond raw retention, read from rollups)
const RECENT = Math.floor((Date.now() - 2 * H) / H) * H;
const OLD = Math.floor((Date.now() - 72 * H) / H) * H;

/** gauge: i % 100; counter: 5/s, restarting from 0 at i = 600 with a new start time */
function series(t0: number): TestMetric[] {
  const idx = Array.from({ length: N }, (_, i) => i);
  return [
    { name: 'test.gauge', unit: '1', kind: 'gauge', points: idx.map((i) => ({ t: t0 + i * 1000, v: i % 100, start: t0 - 1000 })) },
    {
      name: 'test.requests',
      unit: '{request}',
      kind: 'counter',
      attributes: { route: '/a' },
      points: idx.map((i) =>
        i < 600 ? { t: t0 + i * 1000, v: 5 * i, start: t0 - 1000 } : { t: t0 + i * 1000, v: 5 * (i - 600) + 5, start: t0 + 599_000 },
      ),
    },
  ];
}

async function send(entity: string, t0: number) {
  const all = series(t0);
  for (let k = 0; k < N; k += 300) {
    const chunk = all.map((m) => ({ ...m, points: m.points.slice(k, k + 300) }));
    await postMetrics(c.ingestUrl, c.ingestKey, encodeMetrics({ 'argus.entity.id': entity, 'host.id': entity }, chunk));
  }
}
const api = async (path: string) => {
  const res = await fetch(`${c.apiUrl}/api/v1${path}`);
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${JSON.stringify(body)}`);
  return body;
};

/** an acknowledged request is in the write-ahead log; its rows reach ClickHouse a batch later (a race on a busy machine) */
async function storedAll() {
  for (let i = 0; i < 600; i++) {
    const text = await (await fetch(`${c.ingestUrl}/metrics`)).text();
    if (/^argus_ingest_pending_rows 0$/m.test(text)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('acknowledged metric points not stored after 30 s');
}

beforeAll(async () => {
  c = await startTestCollector();
  await send('host:recent', RECENT);
  await send('host:old', OLD);
  await storedAll();
});
afterAll(() => c?.destroy());

describe('metrics API', () => {
  it('reads 1-second points back at 1 s', async () => {
    const r = await api(`/metrics?entity=host:recent&metric=test.gauge&from=${RECENT}&to=${RECENT + 600_000 - 1}`);
    expect(r).toMatchObject({ resolution: 'raw', stepMs: 1000 });
    expect(r.series).toHaveLength(1);
    const pts = r.series[0].points;
    expect(pts).toHaveLength(600);
    expect(pts.map((p: { v: number }) => p.v)).toEqual(Array.from({ length: 600 }, (_, i) => i % 100));
    expect(pts[0].t).toBe(RECENT);
  });

  it('accepts ISO times and picks the step from the range (20 min -> 2 s, 600 points)', async () => {
    const r = await api(
      `/metrics?entity=host:recent&metric=test.gauge&from=${new Date(RECENT).toISOString()}&to=${new Date(RECENT + N * 1000 - 1).toISOString()}`,
    );
    expect(r).toMatchObject({ resolution: 'raw', stepMs: 2000 });
    expect(r.series[0].points).toHaveLength(600);
    expect(r.series[0].points[0]).toMatchObject({ v: 0.5, min: 0, max: 1, count: 2 });
  });

  it('returns counters as per-second rates, across the reset', async () => {
    const r = await api(`/metrics?entity=host:recent&metric=test.requests&from=${RECENT}&to=${RECENT + N * 1000 - 1}&maxPoints=120`);
    expect(r.series[0]).toMatchObject({ mode: 'rate', unit: '{request}/s', attributes: { route: '/a' } });
    const values = r.series[0].points.map((p: { v: number }) => p.v);
    expect(values.length).toBeGreaterThanOrEqual(119);
    for (const v of values) expect(v).toBeCloseTo(5, 6);
  });

  it('fills the 10 s, 1 min and 1 h rollups with exact min/max/avg/count', async () => {
    const q = (table: string) =>
      c.deps.storage.query<{ b: string; mn: number; mx: number; avg: number; cnt: string; last: number }>(
        `SELECT toString(toUnixTimestamp(bucket)) AS b, min(min) AS mn, max(max) AS mx, sum(sum) / sum(count) AS avg, toString(sum(count)) AS cnt, argMaxMerge(last_value) AS last
         FROM ${table} WHERE tenant = 'default' AND entity_id = 'host:recent' AND metric = 'test.gauge' GROUP BY bucket ORDER BY bucket`,
      );
    const tens = await q('metric_rollup_10s');
    expect(tens).toHaveLength(120);
    // bucket j holds i = 10j..10j+9 -> values (10j % 100) .. +9
    expect(tens[3]).toMatchObject({ b: String(RECENT / 1000 + 30), mn: 30, mx: 39, avg: 34.5, cnt: '10', last: 39 });
    const mins = await q('metric_rollup_1m');
    expect(mins).toHaveLength(20);
    expect(mins[1]).toMatchObject({ mn: 0, mx: 99, cnt: '60', last: 19 });
    // minute 1 holds i = 60..119: values 60..99 then 0..19
    expect(mins[1].avg).toBeCloseTo((3180 + 190) / 60, 9);
    const hours = await q('metric_rollup_1h');
    expect(hours).toHaveLength(1);
    expect(hours[0]).toMatchObject({ b: String(RECENT / 1000), mn: 0, mx: 99, avg: 49.5, cnt: String(N), last: 99 });
  });

  it('serves an old range from the 10 s rollup, with rates and averages', async () => {
    const g = await api(`/metrics?entity=host:old&metric=test.gauge&from=${OLD}&to=${OLD + N * 1000 - 1}`);
    expect(g).toMatchObject({ resolution: '10s', stepMs: 10_000 });
    expect(g.series[0].points).toHaveLength(120);
    expect(g.series[0].points[3]).toMatchObject({ t: OLD + 30_000, v: 34.5, min: 30, max: 39, count: 10 });
    const r = await api(`/metrics?entity=host:old&metric=test.requests&from=${OLD}&to=${OLD + N * 1000 - 1}`);
    expect(r.resolution).toBe('10s');
    for (const p of r.series[0].points) expect(p.v).toBeCloseTo(5, 6);
  });

  it('lists the metrics of an entity with their last value and unit', async () => {
    const r = await api('/metrics/list?entity=host:recent');
    expect(r.metrics).toEqual([
      { metric: 'test.gauge', unit: '1', mode: 'gauge', series: 1, attributeKeys: [], last: { value: 99, time: RECENT + (N - 1) * 1000 } },
      {
        metric: 'test.requests',
        unit: '{request}',
        mode: 'rate',
        series: 1,
        attributeKeys: ['route'],
        last: { value: 5 * 599 + 5, time: RECENT + (N - 1) * 1000 },
      },
    ]);
  });

  it('filters series by attribute', async () => {
    const hit = await api(`/metrics?entity=host:recent&metric=test.requests&attr.route=/a&from=${RECENT}&to=${RECENT + 60_000}`);
    expect(hit.series).toHaveLength(1);
    const miss = await api(`/metrics?entity=host:recent&metric=test.requests&attr.route=/b&from=${RECENT}&to=${RECENT + 60_000}`);
    expect(miss.series).toHaveLength(0);
  });

  it('answers 400 for missing parameters', async () => {
    const res = await fetch(`${c.apiUrl}/api/v1/metrics?metric=x`);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain('entity is required');
    const bad = await fetch(`${c.apiUrl}/api/v1/metrics?entity=a&metric=x&from=yesterday`);
    expect(bad.status).toBe(400);
  });
});
