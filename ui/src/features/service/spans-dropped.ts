import type { MetricsResponse } from '@argus/api';

/** The counters every Argus Node.js tracer reports once a second under its runtime entity (`nodejs:<host>:<pid>`). */
export const DROPPED_METRIC = 'argus.tracer.spans.dropped';
export const EXPORTED_METRIC = 'argus.tracer.spans.exported';

/**
 * Spans over the range from a counter answered as a rate (the metrics API turns cumulative counters into per-second
 * rates per bucket, each with the increase it stands for): the sum of the increases, by the series' `reason`
 * attribute (or `all`).
 */
export function spansInRange(r: MetricsResponse | undefined): { total: number; byReason: Record<string, number> } {
  const byReason: Record<string, number> = {};
  let total = 0;
  if (!r) return { total, byReason };
  for (const s of r.series) {
    const stepS = r.stepMs / 1000;
    let n = 0;
    // gauges answer spans; rate points carry the increase of their interval (`d`); delta points spans per second
    for (const p of s.points) n += s.mode === 'gauge' ? p.v : (p.d ?? p.v * stepS);
    n = Math.round(n);
    const reason = s.attributes.reason ?? 'all';
    byReason[reason] = (byReason[reason] ?? 0) + n;
    total += n;
  }
  return { total, byReason };
}

/** The Node.js runtime entities a service's spans came from (those with an agent; direct exporters have none). */
export function tracerEntities(runsOn: ReadonlyArray<{ process: { entityId: string } }>, max = 20): string[] {
  return [...new Set(runsOn.map((i) => i.process.entityId).filter((id) => id.startsWith('nodejs:')))].slice(0, max);
}
