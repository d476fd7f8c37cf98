import type { TracerStats } from '../stats.js';
import type { MetricSource } from './types.js';

/** The tracer's own health: spans exported and dropped (by reason), as cumulative counters. */
export function tracerStatsMetrics(stats: TracerStats): MetricSource {
  return {
    collect(out) {
      out.push(
        {
          name: 'argus.tracer.spans.exported',
          unit: '{span}',
          description: 'Spans acknowledged by the agent or collector',
          kind: 'counter',
          points: [{ value: stats.exported }],
        },
        {
          name: 'argus.tracer.spans.dropped',
          unit: '{span}',
          description: 'Spans not delivered, by reason (queue_full: buffer full; export_failed: agent or collector refused or unreachable)',
          kind: 'counter',
          points: [
            { value: stats.droppedQueueFull, attributes: { reason: 'queue_full' } },
            { value: stats.droppedExportFailed, attributes: { reason: 'export_failed' } },
          ],
        },
      );
    },
  };
}
