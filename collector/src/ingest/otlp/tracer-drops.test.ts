import { describe, expect, it } from 'vitest';
import { createTelemetry } from '../../telemetry.js';
import type { MetricsRequest } from './metric-rows.js';
import { createTracerDropCounter } from './tracer-drops.js';

const request = (service: string, entity: string, dropped: Record<string, number>): MetricsRequest => ({
  resourceMetrics: [
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: service } },
          { key: 'argus.entity.id', value: { stringValue: entity } },
        ],
      },
      scopeMetrics: [
        {
          scope: { name: '@argus/nodejs' },
          metrics: [
            { name: 'nodejs.heap.used', gauge: { dataPoints: [{ asDouble: 1 }] } },
            {
              name: 'argus.tracer.spans.dropped',
              sum: {
                isMonotonic: true,
                dataPoints: Object.entries(dropped).map(([reason, v]) => ({
                  asDouble: v,
                  attributes: [{ key: 'reason', value: { stringValue: reason } }],
                })),
              },
            },
          ],
        },
      ],
    },
  ],
});

describe('tracer drops in the collector Prometheus metrics', () => {
  it('adds each process counter increase per service and reason; a restart does not make it go down', () => {
    const telemetry = createTelemetry();
    const drops = createTracerDropCounter(telemetry);
    drops.observe('default', request('checkout', 'nodejs:h:1', { queue_full: 10, export_failed: 0 }));
    drops.observe('default', request('checkout', 'nodejs:h:1', { queue_full: 25, export_failed: 3 }));
    drops.observe('default', request('checkout', 'nodejs:h:2', { queue_full: 4, export_failed: 0 }));
    drops.observe('default', request('checkout', 'nodejs:h:1', { queue_full: 2, export_failed: 3 })); // restarted
    drops.observe('default', request('billing', 'nodejs:h:3', { queue_full: 0, export_failed: 0 }));
    const text = telemetry.render();
    expect(text).toContain('argus_tracer_spans_dropped_total{reason="queue_full",service="checkout",tenant="default"} 31');
    expect(text).toContain('argus_tracer_spans_dropped_total{reason="export_failed",service="checkout",tenant="default"} 3');
    expect(text).not.toContain('service="billing"');
  });
});
