import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { ENDPOINT_EXPR, spanWhere } from './span-filter.js';
import { traceScatter } from './scatter.js';
import { traceHits, type HitRow } from './trace-hits.js';

// Traces of very different sizes in one range, each trace's spans together in time (0.1 ms apart): 12 of 2,000
// spans (the first rounds, 16 and 128 spans per wanted trace, see only one or two of them), 400 of 1-5 spans, and a
// service with 3 traces (fewer than asked for); 30,000 one-span traces for the scatter's sample.
let c: TestCollector;
const now = Date.now();
const range = { from: now - 3_600_000, to: now };

beforeAll(async () => {
  c = await startTestCollector();
  const insert = (traces: number, spansPer: string, service: string, seed: number) =>
    c.deps.storage.command(
      `INSERT INTO spans (tenant, trace_id, span_id, service, name, timestamp, duration_ns, has_error)
       SELECT 'default', unhex(hex(cityHash64(${seed}, t)) || hex(cityHash64(${seed} + 1, t))), unhex(hex(cityHash64(${seed}, t, s))),
              '${service}', 'op', fromUnixTimestamp64Nano(toInt64(${range.from + 1000}e6 + (cityHash64(${seed}, t) % 3500000) * 1000000 + s * 100000)),
              cityHash64(${seed}, t, s, 'd') % 1000000000, cityHash64(${seed}, t, s, 'e') % 7 = 0
       FROM (SELECT number AS t, ${spansPer} AS n FROM numbers(${traces})) ARRAY JOIN range(n) AS s`,
    );
  await insert(12, '2000', 'wide', 1);
  await insert(400, '1 + t % 5', 'narrow', 2);
  await insert(3, '4', 'few', 3);
  await insert(30_000, '1', 'many', 4);
}, 120_000);
afterAll(() => c?.destroy());

/** the answer of the full sort that traceHits avoids */
async function fullSort(where: string, params: Record<string, unknown>, order: string, want: number): Promise<HitRow[]> {
  return c.deps.storage.query<HitRow>(
    `SELECT lower(hex(trace_id)) AS trace_id, service, name, kind, ${ENDPOINT_EXPR} AS endpoint,
       toUnixTimestamp64Milli(timestamp) AS start_ms, duration_ns, has_error
     FROM spans WHERE ${where} ORDER BY ${order} LIMIT 1 BY trace_id LIMIT {want:UInt32}`,
    { ...params, want },
  );
}

describe('trace search by top-N rounds', () => {
  const orders = { newest: 'timestamp DESC, duration_ns DESC', slowest: 'duration_ns DESC, timestamp DESC' };
  it.each([
    ['newest', undefined, 20],
    ['slowest', undefined, 20],
    ['newest', 'wide', 10],
    ['slowest', 'wide', 12],
    ['newest', 'wide', 50],
    ['newest', 'narrow', 150],
    ['slowest', 'few', 20],
    ['newest', 'none', 20],
  ] as const)('%s, service %s, %i traces: the same traces and spans as the full sort', async (sort, service, want) => {
    const { where, params } = spanWhere('default', range, service ? { service } : {});
    const got = await traceHits(c.deps.storage, where, params, orders[sort], want);
    const expected = await fullSort(where, params, orders[sort], want);
    expect(got).toEqual(expected);
    if (service === 'wide') expect(got.length).toBe(Math.min(want, 12));
    if (service === 'few') expect(got.length).toBe(3);
  });
});

describe('trace scatter beyond 10,000 traces', () => {
  it('returns the same lowest-hash sample as grouping every trace, and an estimated total', async () => {
    const got = await traceScatter(c.deps.storage, 'default', { service: 'many' }, { range, limit: 500 });
    const { where, params } = spanWhere('default', range, { service: 'many' });
    const exact = await c.deps.storage.query<{ id: string }>(
      `SELECT lower(hex(trace_id)) AS id FROM spans WHERE ${where} GROUP BY trace_id ORDER BY cityHash64(trace_id) LIMIT 500`,
      params,
    );
    expect(got.points.map((p) => p.traceId).sort()).toEqual(exact.map((r) => r.id).sort());
    expect(got.truncated).toBe(true);
    expect(Math.abs(got.total - 30_000) / 30_000).toBeLessThan(0.03);
  });

  it('counts exactly and returns every trace below the limit', async () => {
    const got = await traceScatter(c.deps.storage, 'default', { service: 'narrow' }, { range, limit: 1000 });
    expect(got.total).toBe(400);
    expect(got.truncated).toBe(false);
    expect(got.points).toHaveLength(400);
  });
});
