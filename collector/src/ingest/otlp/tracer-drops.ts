/**
 * The Argus tracers report the spans they could not deliver as a cumulative runtime metric,
 * `argus.tracer.spans.dropped{reason}` (stored in metric_points like every metric). This turns those points into
 * the collector's Prometheus counter `argus_tracer_spans_dropped_total{tenant,service,reason}`: the increase of
 * each process's counter since its previous point (a restarted process starts again from its own total), so the
 * counter only grows. Per-process state is forgotten after an hour without points.
 */
import type { Telemetry } from '../../telemetry.js';
import type { MetricsRequest } from './metric-rows.js';
import { resourceIdentity } from './resource.js';
import { toNumber } from './values.js';

export const TRACER_DROPS_METRIC = 'argus_tracer_spans_dropped_total';
const FORGET_MS = 3_600_000;

export interface TracerDropCounter {
  observe(tenant: string, req: MetricsRequest | undefined, now?: number): void;
}

export function createTracerDropCounter(telemetry: Telemetry): TracerDropCounter {
  const last = new Map<string, { value: number; at: number }>();
  let pruned = Date.now();
  return {
    observe(tenant, req, now = Date.now()) {
      for (const rm of req?.resourceMetrics ?? []) {
        for (const sm of rm.scopeMetrics ?? []) {
          for (const m of sm.metrics ?? []) {
            if (m.name !== 'argus.tracer.spans.dropped' || !m.sum) continue;
            const id = resourceIdentity(rm.resource);
            const instance =
              id.entityId || `${id.strings['host.name'] ?? ''}:${id.strings['process.pid'] ?? id.typed['process.pid'] ?? ''}`;
            for (const dp of m.sum.dataPoints ?? []) {
              const value = dp.asInt != null ? toNumber(dp.asInt) : Number(dp.asDouble ?? NaN);
              if (!Number.isFinite(value)) continue;
              const reason = String(dp.attributes?.find((kv) => kv.key === 'reason')?.value?.stringValue ?? '');
              const key = `${tenant}\u0000${id.service}\u0000${instance}\u0000${reason}`;
              const prior = last.get(key);
              last.set(key, { value, at: now });
              const delta = prior === undefined || value < prior.value ? value : value - prior.value;
              if (delta > 0) telemetry.count(TRACER_DROPS_METRIC, { tenant, service: id.service, reason }, delta);
            }
          }
        }
      }
      if (now - pruned > 60_000) {
        pruned = now;
        for (const [k, v] of last) if (now - v.at > FORGET_MS) last.delete(k);
      }
    },
  };
}
