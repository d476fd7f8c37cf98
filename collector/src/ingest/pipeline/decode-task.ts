/**
 * One request's decode step, the same on a decode worker thread, inline, and when the write-ahead log is replayed:
 * decompress (bounded), decode OTLP (protobuf or JSON), validate every item, and build the rows of every table
 * it goes to (spans in RowBinary; metric points, histograms and logs in TabSeparated), plus, for spans, what the
 * analytics tables are derived from. Deterministic for a given body, tenant and limits, so a replay builds the
 * rows the first attempt built.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import { ArgusError, badRequest } from '../../errors.js';
import { createSpanDeriver, type DerivedSpans } from '../derive/span-derive.js';
import { decodeJsonRequest, type Signal } from '../otlp/decode.js';
import type { TimeLimits } from '../otlp/limits.js';
import { buildLogRows, LOG_COLUMNS, type LogsRequest } from '../otlp/log-rows.js';
import { buildLogRowsFromWire } from '../otlp/log-wire.js';
import { buildMetricRows, HISTOGRAM_COLUMNS, POINT_COLUMNS, type MetricsRequest } from '../otlp/metric-rows.js';
import { buildMetricRowsFromWire } from '../otlp/metric-wire-rows.js';
import { createSpanEncoder, SPAN_BINARY_COLUMNS } from '../otlp/span-binary.js';
import type { TraceRequest } from '../otlp/span-rows.js';
import { pickTracerDrops } from '../otlp/tracer-drops.js';
import type { TableRows } from '../../storage/insert-table.js';
import { chunkBytes } from '../../storage/storage.js';
import { createRowsSpill } from './rows-files.js';

export type { TableRows };

export type Encoding = 'gzip' | 'deflate' | 'identity';

export interface DecodeTask {
  signal: Signal;
  tenant: string;
  format: 'protobuf' | 'json';
  encoding: Encoding;
  /** the body as received (compressed when the request was) */
  body: Buffer;
  limits: TimeLimits;
  /** largest body after decompression */
  maxBodyBytes: number;
}

export interface DecodeResult {
  accepted: number;
  rejected: number;
  errors: string[];
  tables: TableRows[];
  derived?: DerivedSpans;
  /** metrics: the Argus tracers' dropped-spans points, for the collector's counter (tracer-drops.ts) */
  tracerDrops?: MetricsRequest;
}

/** What a request's answer needs: the outcome of decoding and validating it (partial_success). */
export interface DecodeCheck {
  accepted: number;
  rejected: number;
  errors: string[];
  /** metrics: the Argus tracers' dropped-spans points of the request (tracer-drops.ts) */
  tracerDrops?: MetricsRequest;
  /** the size of its rows (bytes), or an estimate until they are built: what the pending-bytes budget counts */
  bytes: number;
}

/**
 * A request decoded in two steps: `check` (decoded and validated: enough to answer it) and `rows()`, which builds
 * the rows later, outside the answer's path. The counts of `check` are those of `rows()`.
 */
export interface StagedDecode {
  check: DecodeCheck;
  rows(): DecodeResult;
  /** rows() decodes the request again (protobuf spans); otherwise it hands over what check already built */
  deferred: boolean;
}

/** Per-thread state: the span encoder keeps intern tables warm across requests. */
export interface Decoder {
  decode(task: DecodeTask): DecodeResult;
  /**
   * Protobuf spans are decoded twice, once to validate and once to build the rows; any other request is decoded
   * once, by check, and rows() hands that result over. Throws what decode() throws.
   */
  stage(task: DecodeTask): StagedDecode;
}

const tooLarge = (limit: number) =>
  new ArgusError('BODY_TOO_LARGE', `request body exceeds the limit of ${limit} bytes (after decompression)`, 413);

export function decompress(body: Buffer, encoding: Encoding, limit: number): Buffer {
  if (encoding === 'identity') return body;
  try {
    return (encoding === 'gzip' ? gunzipSync : inflateSync)(body, { maxOutputLength: limit });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(limit);
    throw badRequest(`body is not valid ${encoding} data: ${err.message}`, 'BAD_ENCODING');
  }
}

/**
 * `rowsDir`: spans' rows are written to files there (rows-files.ts: the embedded storage's scratch directory) rather
 * than handed over in memory.
 */
export function createDecoder(o: { rowsDir?: string } = {}): Decoder {
  const spill = createRowsSpill(o.rowsDir);
  const spans = createSpanEncoder();
  const deriver = createSpanDeriver();
  const invalid = (e: unknown) =>
    badRequest(`body is not a valid OTLP protobuf traces export request: ${(e as Error).message}`, 'INVALID_OTLP');
  const whole = (r: DecodeResult): StagedDecode => ({
    check: { accepted: r.accepted, rejected: r.rejected, errors: r.errors, tracerDrops: r.tracerDrops, bytes: rowBytes(r) },
    rows: () => r,
    deferred: false,
  });
  const decoder: Decoder = {
    stage(task) {
      if (task.signal !== 'traces' || task.format !== 'protobuf') return whole(decoder.decode(task));
      const raw = decompress(task.body, task.encoding, task.maxBodyBytes);
      let c;
      try {
        c = spans.check(raw, task.limits);
      } catch (e) {
        throw invalid(e);
      }
      return {
        // the rows take about as many bytes as the decompressed request (RowBinary plus the skeleton)
        check: { accepted: c.count, rejected: c.rejected, errors: c.errors, bytes: raw.length },
        rows: () => decoder.decode({ ...task, encoding: 'identity', body: raw }),
        deferred: true,
      };
    },
    decode(task) {
      const raw = decompress(task.body, task.encoding, task.maxBodyBytes);
      const { tenant, limits } = task;
      if (task.signal === 'traces') {
        let out;
        if (task.format === 'protobuf') {
          try {
            out = spans.protobuf(tenant, raw, limits, deriver);
          } catch (e) {
            deriver.take();
            throw invalid(e);
          }
        } else out = spans.json(tenant, decodeJsonRequest('traces', raw) as TraceRequest, limits, deriver);
        return {
          accepted: out.count,
          rejected: out.rejected,
          errors: out.errors,
          tables: out.count
            ? [{ table: 'spans', format: 'RowBinary', columns: SPAN_BINARY_COLUMNS, data: spill(out.rows), rows: out.count }]
            : [],
          derived: deriver.take(),
        };
      }
      const window = { pointsMinSec: limits.pointsMinSec, histogramsMinSec: limits.minSec, maxSec: limits.maxSec };
      const protobuf = task.format === 'protobuf';
      // metrics and logs protobuf through the purpose-built decoders (metric-wire*.ts, log-wire.ts)
      const wire =
        protobuf && task.signal === 'metrics' ? fromWire('metrics', () => buildMetricRowsFromWire(tenant, raw, window)) : undefined;
      const logWire =
        protobuf && task.signal === 'logs'
          ? fromWire('logs', () => buildLogRowsFromWire(tenant, raw, limits.minSec, limits.maxSec))
          : undefined;
      const req = wire || logWire ? undefined : decodeJsonRequest(task.signal, raw);
      try {
        if (task.signal === 'metrics') {
          const b = wire?.rows ?? buildMetricRows(tenant, req as MetricsRequest, window);
          return {
            accepted: b.points.rows + b.histograms.rows,
            rejected: b.points.rejected + b.histograms.rejected,
            errors: [...b.points.errors, ...b.histograms.errors].slice(0, 5),
            tables: [
              tsv('metric_points', POINT_COLUMNS, b.points.lines, b.points.rows),
              tsv('metric_histograms', HISTOGRAM_COLUMNS, b.histograms.lines, b.histograms.rows),
            ].filter((t) => t.rows > 0),
            tracerDrops: wire ? wire.tracerDrops : pickTracerDrops(req as MetricsRequest),
          };
        }
        const b = logWire ?? buildLogRows(tenant, req as LogsRequest, limits.minSec, limits.maxSec);
        return {
          accepted: b.rows,
          rejected: b.rejected,
          errors: b.errors,
          tables: b.rows ? [tsv('logs', LOG_COLUMNS, b.lines, b.rows)] : [],
        };
      } catch (e) {
        // OTLP/JSON values may nest without limit; the row builders recurse (found by the fuzzer, test/fuzz: 500 before)
        if (e instanceof RangeError)
          throw badRequest(`OTLP/JSON ${task.signal} request nests values too deeply: ${e.message}`, 'INVALID_OTLP');
        throw e;
      }
    },
  };
  return decoder;
}

/** The bytes of a result's rows and its span skeleton. */
export const rowBytes = (r: DecodeResult) =>
  r.tables.reduce((a, t) => a + chunkBytes(t.data), 0) + (r.derived ? r.derived.skeleton.records.length : 0);

/**
 * Metrics or logs protobuf through a purpose-built decoder (metric-wire*.ts, log-wire.ts): protobufjs's outcome, a
 * fraction of its time. Malformed wire data is a 400, as protobufjs's refusal was.
 */
function fromWire<T>(signal: 'metrics' | 'logs', build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof ArgusError) throw e;
    throw badRequest(`body is not a valid OTLP protobuf ${signal} export request: ${(e as Error).message}`, 'INVALID_OTLP');
  }
}

function tsv(table: string, columns: readonly string[], lines: string, rows: number): TableRows {
  return { table, format: 'TabSeparated', columns, data: Buffer.from(lines), rows };
}
