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
const DROPPED = 'argus.tracer.spans.dropped';
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
            if (m.name !== DROPPED || !m.sum) continue;
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

/**
 * The part of a /v1/metrics request the counter reads (the dropped-spans points with their resources), as plain
 * objects: a decode worker sends it to the main thread, where the counter's state lives. Undefined when none.
 */
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k) && (o as Record<string, unknown>)[k] != null;

export function pickTracerDrops(req: MetricsRequest): MetricsRequest | undefined {
  const out: NonNullable<MetricsRequest['resourceMetrics']> = [];
  for (const rm of req.resourceMetrics ?? []) {
    const metrics = (rm.scopeMetrics ?? []).flatMap((sm) => (sm.metrics ?? []).filter((m) => m.name === DROPPED && m.sum));
    if (metrics.length === 0) continue;
    out.push({
      resource: { attributes: (rm.resource?.attributes ?? []).map((kv) => ({ key: kv.key, value: kv.value })) },
      scopeMetrics: [
        {
          metrics: metrics.map((m) => ({
            name: DROPPED,
            sum: {
              // a protobuf-decoded point has both value fields (the unset one from its prototype): own ones count
              dataPoints: (m.sum?.dataPoints ?? []).map((dp) => ({
                asDouble: own(dp, 'asInt') ? toNumber(dp.asInt) : own(dp, 'asDouble') ? Number(dp.asDouble) : NaN,
                attributes: (dp.attributes ?? []).filter((kv) => kv.key === 'reason'),
              })),
            },
          })),
        },
      ],
    });
  }
  return out.length ? { resourceMetrics: out } : undefined;
}
