/**
 * The metrics protobuf ingest path: each ResourceMetrics decoded (metric-wire.ts) and turned into rows at once, then
 * dropped. The rows, rejections, messages (the first 5 per table) and tracer-drop points are exactly those of
 * decoding the whole request first (buildMetricRows keeps no state across resources).
 */
import { buildMetricRows, type MetricRowBatches, type MetricsRequest, type MetricWindow } from './metric-rows.js';
import { forEachResourceMetrics } from './metric-wire.js';
import type { RowBatch } from './span-rows.js';
import { pickTracerDrops } from './tracer-drops.js';

export interface MetricWireRows {
  rows: MetricRowBatches;
  tracerDrops: MetricsRequest | undefined;
}

/** Adds a batch of rows built for a part of a request to the request's (messages: the first 5 in all). */
export function addRows(to: RowBatch, b: RowBatch): void {
  to.lines += b.lines;
  to.rows += b.rows;
  to.rejected += b.rejected;
  for (const e of b.errors) if (to.errors.length < 5) to.errors.push(e);
}

/** Decodes an ExportMetricsServiceRequest body into rows; throws on malformed wire data (as protobufjs would). */
export function buildMetricRowsFromWire(tenant: string, body: Uint8Array, window?: MetricWindow): MetricWireRows {
  const points: RowBatch = { lines: '', rows: 0, rejected: 0, errors: [] };
  const histograms: RowBatch = { lines: '', rows: 0, rejected: 0, errors: [] };
  const drops: NonNullable<MetricsRequest['resourceMetrics']> = [];
  forEachResourceMetrics(body, (rm) => {
    const one: MetricsRequest = { resourceMetrics: [rm] };
    const b = buildMetricRows(tenant, one, window);
    addRows(points, b.points);
    addRows(histograms, b.histograms);
    const d = pickTracerDrops(one);
    if (d?.resourceMetrics) drops.push(...d.resourceMetrics);
  });
  return { rows: { points, histograms }, tracerDrops: drops.length ? { resourceMetrics: drops } : undefined };
}
