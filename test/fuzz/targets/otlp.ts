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
import { tracesWireInput } from '../generators/traces-wire.js';

const MAX_BODY = 20 * 1024 * 1024;
const decoder = createDecoder();
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
const jsonEncoder = createSpanEncoder();

/**
 * Differential: the purpose-built decoder refuses exactly the bodies protobufjs refuses, and on the others gives
 * the outcome of the reference path (protobufjs + buildSpanRows: the same stored count, rejected count and
 * messages) and the same rows byte for byte as the span encoder's own path from protobufjs's decoded request (its
 * OTLP/JSON form: a second reading of the same values, so a value the wire decoder reads differently shows up).
 * Inputs: generated requests (protobufjs's encoding) and schema-aware random wire data (merged messages, oneof
 * members, wrong wire types, groups, invalid UTF-8).
 */
export const otlpTracesDifferential: FuzzTarget = {
  name: 'otlp-traces-differential',
  covers: 'purpose-built trace protobuf decoder vs protobufjs: same refusals, same outcome, same rows',
  documented: () => false,
  generate: fc.oneof({ arbitrary: protobufInput('traces'), weight: 1 }, { arbitrary: tracesWireInput, weight: 2 }),
  dictionary: PROTOBUF_DICTIONARY,
  big: () => bigRequest('traces', 'protobuf'),
  time: (body) => void encoder.protobuf('t1', body, NO_LIMITS),
  run(body) {
    let decoded: TraceRequest | undefined;
    let refError = '';
    try {
      decoded = T.decode(body) as TraceRequest;
    } catch (e) {
      refError = (e as Error).message;
    }
    // the check pass (what an acknowledged request's answer comes from) refuses and counts as the rows pass does
    let checked;
    try {
      checked = encoder.check(body, NO_LIMITS);
    } catch (e) {
      if (decoded) return violated(`protobufjs decodes the body but the check pass throws: ${(e as Error).message}`);
    }
    if (!decoded && checked) return violated(`protobufjs refuses the body (${refError}) but the check pass accepts it`);
    let fast;
    try {
      fast = encoder.protobuf('t1', body, NO_LIMITS);
    } catch (e) {
      if (!decoded) return 'both-refused';
      return violated(`protobufjs decodes the body but the fast decoder throws: ${(e as Error).message}`);
    }
    if (!decoded) return violated(`protobufjs refuses the body (${refError}) but the fast decoder decodes it`);
    if (checked && (checked.count !== fast.count || checked.rejected !== fast.rejected))
      violated(`check pass counts ${checked.count}/${checked.rejected}, rows ${fast.count}/${fast.rejected}`);
    const ref = buildSpanRows('t1', decoded);
    if (fast.count !== ref.rows || fast.rejected !== ref.rejected)
      violated(`stored/rejected ${fast.count}/${fast.rejected}, protobufjs path ${ref.rows}/${ref.rejected}`);
    if (JSON.stringify(fast.errors) !== JSON.stringify(ref.errors))
      violated(`messages ${JSON.stringify(fast.errors)} vs protobufjs path ${JSON.stringify(ref.errors)}`);
    const rows = Buffer.from(fast.rows);
    const json = T.toObject(decoded as never, { longs: String, enums: Number }) as TraceRequest;
    const other = jsonEncoder.json('t1', json, NO_LIMITS);
    // the JSON path refuses some forms the wire path stores (a span it cannot model); rows are compared when both store all
    if (other.count === fast.count && !rows.equals(other.rows))
      violated(
        `different rows for the same values:\nwire: ${rows.toString('hex').slice(0, 600)}\njson: ${other.rows.toString('hex').slice(0, 600)}`,
      );
    return `same a${Math.min(ref.rows, 3)}r${Math.min(ref.rejected, 3)}${other.count === fast.count ? '' : ' json-fewer'}`;
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
