/**
 * OTLP ingest targets: the collector's decode step (decompress, decode protobuf or OTLP/JSON, validate, build the
 * rows of every table) exactly as the ingest pipeline runs it for a request, per signal and format, plus the
 * differential of the purpose-built trace decoder against protobufjs.
 *
 * Documented failure: an ArgusError with a 4xx status (INVALID_OTLP, INVALID_JSON, BAD_ENCODING, BODY_TOO_LARGE).
 * Properties checked on every accepted input: TabSeparated tables have `rows` lines of exactly one field per
 * column (no tab or newline leaks out of a value), the tables' rows add up to `accepted`, at most 5 messages.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { ArgusError } from '../../../collector/src/errors.js';
import { createDecoder, type DecodeResult } from '../../../collector/src/ingest/pipeline/decode-task.js';
import { NO_LIMITS, timeLimits } from '../../../collector/src/ingest/otlp/limits.js';
import { createSpanEncoder } from '../../../collector/src/ingest/otlp/span-binary.js';
import { buildSpanRows, type TraceRequest } from '../../../collector/src/ingest/otlp/span-rows.js';
import { violated, type FuzzTarget } from '../harness.js';
import {
  bigRequest,
  deepInput,
  JSON_DICTIONARY,
  jsonInput,
  otlpTypes,
  PROTOBUF_DICTIONARY,
  protobufInput,
  type Signal,
} from '../generators/otlp.js';

const MAX_BODY = 20 * 1024 * 1024;
const decoder = createDecoder(otlpTypes);
const limits = timeLimits(7);

export const documented4xx = (e: unknown): boolean => e instanceof ArgusError && e.status >= 400 && e.status < 500;

/** The shape every decode result must have. */
export function checkResult(r: DecodeResult): string {
  if (r.errors.length > 5) violated(`${r.errors.length} error messages (at most 5)`);
  if (r.accepted < 0 || r.rejected < 0) violated(`negative counts ${r.accepted}/${r.rejected}`);
  let rows = 0;
  for (const t of r.tables) {
    rows += t.rows;
    if (t.format !== 'TabSeparated') continue;
    const text = t.data.toString('utf8');
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
    if (lines.length !== t.rows) violated(`${t.table}: ${lines.length} TSV lines for ${t.rows} rows`);
    for (const [i, line] of lines.entries()) {
      const fields = line.split('\t').length;
      if (fields !== t.columns.length) violated(`${t.table} line ${i}: ${fields} fields for ${t.columns.length} columns`);
    }
  }
  if (rows !== r.accepted) violated(`tables hold ${rows} rows, accepted says ${r.accepted}`);
  return `a${Math.min(r.accepted, 3)}r${Math.min(r.rejected, 3)}:${r.errors.map((e) => e.replace(/\d+/g, 'N').slice(0, 50)).join('|')}`;
}

function decodeTarget(signal: Signal, format: 'protobuf' | 'json'): FuzzTarget {
  return {
    name: `otlp-${signal}-${format}`,
    covers: `POST /v1/${signal} as ${format === 'protobuf' ? 'application/x-protobuf' : 'application/json'}: decode, validate, build rows`,
    documented: documented4xx,
    generate: fc.oneof(
      { arbitrary: format === 'protobuf' ? protobufInput(signal) : jsonInput(signal), weight: 20 },
      { arbitrary: deepInput(signal, format), weight: 1 },
    ),
    dictionary: format === 'protobuf' ? PROTOBUF_DICTIONARY : JSON_DICTIONARY,
    big: () => bigRequest(signal, format),
    run: (body) =>
      checkResult(decoder.decode({ signal, tenant: 't1', format, encoding: 'identity', body, limits, maxBodyBytes: MAX_BODY })),
  };
}

export const otlpTracesProtobuf = decodeTarget('traces', 'protobuf');
export const otlpTracesJson = decodeTarget('traces', 'json');
export const otlpMetricsProtobuf = decodeTarget('metrics', 'protobuf');
export const otlpMetricsJson = decodeTarget('metrics', 'json');
export const otlpLogsProtobuf = decodeTarget('logs', 'protobuf');
export const otlpLogsJson = decodeTarget('logs', 'json');

const T = otlpTypes.ExportTraceServiceRequest;
const encoder = createSpanEncoder();

/**
 * Differential: on every body protobufjs decodes, the purpose-built decoder gives the same outcome as the
 * reference path (protobufjs + buildSpanRows): the same stored count, rejected count and messages. Where
 * protobufjs refuses the body, the fast decoder may refuse it too or read what it can (outcome recorded).
 */
export const otlpTracesDifferential: FuzzTarget = {
  name: 'otlp-traces-differential',
  covers: 'purpose-built trace protobuf decoder vs protobufjs + reference row builder',
  documented: () => false,
  generate: protobufInput('traces'),
  dictionary: PROTOBUF_DICTIONARY,
  big: () => bigRequest('traces', 'protobuf'),
  run(body) {
    let ref;
    try {
      ref = buildSpanRows('t1', T.decode(body) as TraceRequest);
    } catch {
      try {
        encoder.protobuf('t1', body, NO_LIMITS);
        return 'ref-refused fast-read';
      } catch {
        return 'both-refused';
      }
    }
    let fast;
    try {
      fast = encoder.protobuf('t1', body, NO_LIMITS);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/nested too deeply/.test(msg)) return 'fast-refused:depth';
      // protobufjs skips a varint of any length; the wire format allows at most 10 bytes, the fast decoder says so (400)
      if (/varint longer than 10 bytes/.test(msg)) return 'fast-refused:long-varint';
      return violated(`protobufjs decodes the body (${ref.rows} spans, ${ref.rejected} rejected) but the fast decoder throws: ${msg}`);
    }
    if (fast.count !== ref.rows || fast.rejected !== ref.rejected)
      violated(`stored/rejected ${fast.count}/${fast.rejected}, protobufjs path ${ref.rows}/${ref.rejected}`);
    if (JSON.stringify(fast.errors) !== JSON.stringify(ref.errors))
      violated(`messages ${JSON.stringify(fast.errors)} vs protobufjs path ${JSON.stringify(ref.errors)}`);
    return `same a${Math.min(ref.rows, 3)}r${Math.min(ref.rejected, 3)}`;
  },
};

/**
 * gzip/deflate body reading: the first byte picks the encoding, the rest is the wire body (often a real gzip or
 * deflate stream of a generated request, then mutated), decoded by the traces path with a small limit (64 KiB) so
 * bombs and the limit are exercised. Output never exceeds the limit: BODY_TOO_LARGE instead.
 */
const SMALL_LIMIT = 64 * 1024;
export const bodyEncoding: FuzzTarget = {
  name: 'body-encoding',
  covers: 'Content-Encoding gzip/deflate with the body limit after decompression (decode step, 64 KiB limit)',
  documented: documented4xx,
  generate: fc.tuple(fc.constantFrom(0, 1), protobufInput('traces'), fc.nat(3)).map(([enc, body, pad]) => {
    const padded = pad === 3 ? Buffer.concat([body, Buffer.alloc(SMALL_LIMIT * 4)]) : body; // a small bomb
    return Buffer.concat([Buffer.from([enc]), enc === 0 ? gzipSync(padded) : deflateSync(padded)]);
  }),
  big: () => Buffer.concat([Buffer.from([0]), gzipSync(bigRequest('traces', 'protobuf', 60 * 1024))]),
  run(data) {
    if (data.length < 1) return 'empty';
    const encoding = data[0] % 2 === 0 ? 'gzip' : 'deflate';
    const body = data.subarray(1);
    const r = decoder.decode({ signal: 'traces', tenant: 't1', format: 'protobuf', encoding, body, limits, maxBodyBytes: SMALL_LIMIT });
    return `${encoding}:${checkResult(r)}`;
  },
};
