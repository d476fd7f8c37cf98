import type { MetricsResponse } from '@argus/api';
import { describe, expect, it } from 'vitest';
import { spansInRange, tracerEntities } from './spans-dropped';

const answer = (series: MetricsResponse['series'], stepMs = 5000): MetricsResponse => ({
  entity: 'nodejs:h:1',
  metric: 'argus.tracer.spans.dropped',
  from: 0,
  to: 60_000,
  resolution: 'raw',
  stepMs,
  series,
});

describe('spans dropped', () => {
  it('sums per-second rates over their buckets, by reason', () => {
    const r = answer([
      {
        seriesId: 'a',
        attributes: { reason: 'queue_full' },
        unit: '{span}/s',
        mode: 'rate',
        points: [
          { t: 0, v: 2, count: 5 },
          { t: 5000, v: 0.4, count: 5 },
        ],
      },
      { seriesId: 'b', attributes: { reason: 'export_failed' }, unit: '{span}/s', mode: 'rate', points: [{ t: 0, v: 0, count: 5 }] },
    ]);
    expect(spansInRange(r)).toEqual({ total: 12, byReason: { queue_full: 12, export_failed: 0 } });
  });
  it("adds up the rate points' increases when the answer carries them", () => {
    const r = answer([
      {
        seriesId: 'a',
        attributes: { reason: 'queue_full' },
        unit: '{span}/s',
        mode: 'rate',
        // the first point's interval is shorter than the step: its increase, not rate x step, is what was dropped
        points: [
          { t: 0, v: 30, count: 2, d: 30 },
          { t: 5000, v: 1, count: 5, d: 5 },
        ],
      },
    ]);
    expect(spansInRange(r)).toEqual({ total: 35, byReason: { queue_full: 35 } });
  });
  it('is zero without an answer or points', () => {
    expect(spansInRange(undefined)).toEqual({ total: 0, byReason: {} });
    expect(spansInRange(answer([])).total).toBe(0);
  });
  it('takes the Node.js runtime entities of the instances, once each', () => {
    const i = (entityId: string) => ({ process: { entityId } });
    expect(tracerEntities([i('nodejs:h:1'), i('nodejs:h:1'), i(''), i('process:h:2'), i('nodejs:h:3')])).toEqual([
      'nodejs:h:1',
      'nodejs:h:3',
    ]);
  });
});
