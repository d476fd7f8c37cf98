import { describe, expect, it } from 'vitest';
import { ArgusError } from '../../errors.js';
import { buildMetricRows, type MetricsRequest } from './metric-rows.js';

const now = `${BigInt(Date.now()) * 1_000_000n}`;
const histogram = (point: Record<string, unknown>) =>
  ({
    resourceMetrics: [
      { scopeMetrics: [{ metrics: [{ name: 'h', histogram: { dataPoints: [{ timeUnixNano: now, count: '3', ...point }] } }] }] },
    ],
  }) as unknown as MetricsRequest;

describe('metric rows from OTLP/JSON histograms', () => {
  it('writes bucket counts and bounds', () => {
    const b = buildMetricRows('t', histogram({ bucketCounts: ['1', 2], explicitBounds: [1.5] }));
    expect(b.histograms.rows).toBe(1);
    expect(b.histograms.lines).toContain('\t[1,2]\t[1.5]\t0\t');
  });

  it('refuses a list field that is not an array with 400 INVALID_OTLP (a TypeError before)', () => {
    for (const point of [{ bucketCounts: 5 }, { bucketCounts: {} }, { explicitBounds: 'x' }, { positive: { bucketCounts: '12' } }]) {
      let err: unknown;
      try {
        buildMetricRows('t', histogram(point));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ArgusError);
      expect(err).toMatchObject({ code: 'INVALID_OTLP', status: 400 });
    }
  });
});
