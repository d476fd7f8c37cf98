/**
 * Differential of the purpose-built metrics protobuf decoder (metric-wire.ts) against protobufjs: on every body,
 * both refuse it, or both decode it and the row builder gives the same rows (points and histograms, byte for byte),
 * the same rejections and messages, and the same tracer-drop points. Inputs: generated requests (protobufjs's
 * encoding), schema-aware random wire data (packed/unpacked, merged messages, wrong wire types, groups), mutations.
 */
import fc from 'fast-check';
import { timeLimits } from '../../../collector/src/ingest/otlp/limits.js';
import { buildMetricRows, type MetricsRequest } from '../../../collector/src/ingest/otlp/metric-rows.js';
import { decodeMetricsWire } from '../../../collector/src/ingest/otlp/metric-wire.js';
import { buildMetricRowsFromWire } from '../../../collector/src/ingest/otlp/metric-wire-rows.js';
import { pickTracerDrops } from '../../../collector/src/ingest/otlp/tracer-drops.js';
import type { FuzzTarget } from '../harness.js';
import { metricsWireInput } from '../generators/metrics-wire.js';
import { bigRequest, otlpTypes, PROTOBUF_DICTIONARY, protobufInput } from '../generators/otlp.js';
import { compareDecoders } from './differential.js';

const M = otlpTypes.ExportMetricsServiceRequest;
const limits = timeLimits(7);
const WINDOW = { pointsMinSec: limits.pointsMinSec, histogramsMinSec: limits.minSec, maxSec: limits.maxSec };

const DICTIONARY: readonly Buffer[] = [
  ...PROTOBUF_DICTIONARY,
  // unpacked bucket count, packed bounds, a group with its end tag, an exponential histogram's buckets
  [0x31, 1, 0, 0, 0, 0, 0, 0, 0],
  [0x3a, 0x08, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f],
  [0x6b, 0x08, 0x01, 0x6c],
  [0x42, 0x04, 0x08, 0x03, 0x10, 0x05],
  [0x2a, 0x00],
  [0x3a, 0x00],
].map((b) => Buffer.from(b));

/** What a decoded request turns into: the rows (or the row builder's error) and the tracer-drop points. */
function outcome(req: MetricsRequest): string {
  let rows: string;
  try {
    const b = buildMetricRows('t1', req);
    rows = JSON.stringify(b);
  } catch (e) {
    rows = `throws ${(e as Error).name}: ${(e as Error).message}`;
  }
  const drops = pickTracerDrops(req);
  return `${rows}\n${drops ? JSON.stringify(buildMetricRows('t1', drops)) : '-'}`;
}

/** The same for the ingest path: rows built per ResourceMetrics as it is decoded (buildMetricRowsFromWire). */
function wireOutcome(body: Buffer): string {
  const w = buildMetricRowsFromWire('t1', body);
  return `${JSON.stringify(w.rows)}\n${w.tracerDrops ? JSON.stringify(buildMetricRows('t1', w.tracerDrops)) : '-'}`;
}

function summary(req: MetricsRequest): string {
  const b = buildMetricRows('t1', req);
  return `a${Math.min(b.points.rows + b.histograms.rows, 3)}r${Math.min(b.points.rejected + b.histograms.rejected, 3)}`;
}

export const otlpMetricsDifferential: FuzzTarget = {
  name: 'otlp-metrics-differential',
  covers: 'purpose-built metrics protobuf decoder vs protobufjs: same refusals, same rows',
  documented: () => false,
  generate: fc.oneof({ arbitrary: protobufInput('metrics'), weight: 1 }, { arbitrary: metricsWireInput, weight: 2 }),
  dictionary: DICTIONARY,
  big: () => bigRequest('metrics', 'protobuf'),
  // the ingest path's own work (what otlp-metrics-protobuf times), without the protobufjs side of the check
  time: (body) => void buildMetricRowsFromWire('t1', body, WINDOW),
  run: (body) =>
    compareDecoders(body, {
      reference: (b) => M.decode(b) as MetricsRequest,
      fast: decodeMetricsWire,
      outcome,
      ingest: wireOutcome,
      summary,
    }),
};
