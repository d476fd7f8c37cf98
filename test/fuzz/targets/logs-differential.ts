/**
 * Differential of the purpose-built logs protobuf decoder (log-wire.ts) against protobufjs: on every body, both
 * refuse it, or both decode it and the row builder gives the same rows (byte for byte), the same rejections and
 * the same messages, on the whole decoded request and on the ingest path (rows built per ResourceLogs as it is
 * decoded). Inputs: generated requests (protobufjs's encoding), schema-aware random wire data (merged bodies,
 * resources and scopes, AnyValue members replacing each other, wrong wire types, groups), mutations.
 */
import fc from 'fast-check';
import { timeLimits } from '../../../collector/src/ingest/otlp/limits.js';
import { buildLogRows, type LogsRequest } from '../../../collector/src/ingest/otlp/log-rows.js';
import { buildLogRowsFromWire, decodeLogsWire } from '../../../collector/src/ingest/otlp/log-wire.js';
import { readCorpus, type FuzzTarget } from '../harness.js';
import { logsWireInput } from '../generators/logs-wire.js';
import { bigRequest, otlpTypes, PROTOBUF_DICTIONARY, protobufInput } from '../generators/otlp.js';
import { compareDecoders } from './differential.js';

const L = otlpTypes.ExportLogsServiceRequest;
const limits = timeLimits(7);

const DICTIONARY: readonly Buffer[] = [
  ...PROTOBUF_DICTIONARY,
  // a flags fixed32, a severity, an observed time, a body (string, then kvlist), a group with its end tag
  [0x45, 1, 0, 0, 0],
  [0x10, 0x11],
  [0x59, 0, 0, 0, 0, 0, 0, 0, 0x18],
  [0x2a, 0x03, 0x0a, 0x01, 0x78],
  [0x2a, 0x02, 0x32, 0x00],
  [0x6b, 0x08, 0x01, 0x6c],
].map((b) => Buffer.from(b));

/** The rows (or the row builder's error) a decoded request turns into, inside and outside the time window. */
function outcome(req: LogsRequest): string {
  try {
    return `${JSON.stringify(buildLogRows('t1', req))}\n${JSON.stringify(buildLogRows('t1', req, limits.minSec, limits.maxSec))}`;
  } catch (e) {
    return `throws ${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** The same for the ingest path: rows built per ResourceLogs as it is decoded (buildLogRowsFromWire). */
function wireOutcome(body: Buffer): string {
  try {
    const all = JSON.stringify(buildLogRowsFromWire('t1', body));
    return `${all}\n${JSON.stringify(buildLogRowsFromWire('t1', body, limits.minSec, limits.maxSec))}`;
  } catch (e) {
    return `throws ${(e as Error).name}: ${(e as Error).message}`;
  }
}

function summary(req: LogsRequest): string {
  const b = buildLogRows('t1', req, limits.minSec, limits.maxSec);
  return `a${Math.min(b.rows, 3)}r${Math.min(b.rejected, 3)}`;
}

export const otlpLogsDifferential: FuzzTarget = {
  name: 'otlp-logs-differential',
  covers: 'purpose-built logs protobuf decoder vs protobufjs: same refusals, same rows',
  documented: () => false,
  generate: fc.oneof({ arbitrary: protobufInput('logs'), weight: 1 }, { arbitrary: logsWireInput, weight: 2 }),
  // no corpus of its own: the logs ingest target's (inputs with distinct outcomes) are mutated
  seeds: () => readCorpus('otlp-logs-protobuf'),
  dictionary: DICTIONARY,
  big: () => bigRequest('logs', 'protobuf'),
  // the ingest path's own work (what otlp-logs-protobuf times), without the protobufjs side of the check
  time: (body) => void buildLogRowsFromWire('t1', body, limits.minSec, limits.maxSec),
  run: (body) =>
    compareDecoders(body, {
      reference: (b) => L.decode(b) as LogsRequest,
      fast: decodeLogsWire,
      outcome,
      ingest: wireOutcome,
      summary,
    }),
};
