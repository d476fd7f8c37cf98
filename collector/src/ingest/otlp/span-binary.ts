/**
 * OTLP spans -> `spans` rows in ClickHouse RowBinary: protobuf bodies through the purpose-built decoder, OTLP/JSON
 * spans through the span model. The stored values are the reference builder's (span-rows.ts: same promotions,
 * same attribute maps, same rejections); only the encoding differs (binary ids, integer times, no text escaping),
 * which ClickHouse parses several times faster than TabSeparated. Every accepted span is also shown to an
 * observer, which derives the analytics rows from it (span-derive.ts) without decoding anything twice.
 */
import type { BinaryColumn } from '../../storage/storage.js';
import {
  createRowWriter,
  hexFixed,
  nanos,
  recordMap,
  str,
  strBytes,
  takeRows,
  u16,
  u32,
  u64,
  u64Big,
  u64Halves,
  u8,
  varint,
  raw,
  type RowWriter,
} from '../../storage/row-binary.js';
import { EVENT_OUT_OF_RANGE, MAX_STORABLE_SEC, NO_LIMITS, TOO_NEW_SPAN, type TimeLimits } from './limits.js';
import { PROMOTED_COLUMNS } from './promoted.js';
import { resourceCells, scopeCells, type ResourceCells, type ResourceInfo } from './resource-binary.js';
import { createInterner } from './intern.js';
import { K_DOUBLE, K_INT, K_STRING, createKeyTable, type SpanModel, type SpanSink } from './span-model.js';
import { spanLine, tooOld, type TraceRequest } from './span-rows.js';
import { spanFromJson } from './trace-json.js';
import { decodeTraceWire } from './trace-wire.js';
import { utf8 } from './strict-wire.js';

const S = 'String';
const MAP = 'Map(String, String)';
const T9 = "DateTime64(9, 'UTC')";
const PROMOTED_TYPES: Record<string, string> = { http_status: 'UInt16', server_port: 'UInt16' };

/** The columns of a RowBinary spans row, in row order (LowCardinality columns are sent as String). */
export const SPAN_BINARY_COLUMNS: readonly BinaryColumn[] = [
  ...['tenant', 'service', 'service_version', 'service_instance', 'host_name', 'entity_id'].map((name) => ({ name, type: S })),
  { name: 'process_pid', type: 'UInt32' },
  { name: 'container_id', type: S },
  { name: 'k8s_pod_uid', type: S },
  { name: 'resource_json', type: S },
  { name: 'resource_typed_json', type: S },
  { name: 'scope_name', type: S },
  { name: 'scope_version', type: S },
  { name: 'timestamp', type: T9 },
  { name: 'trace_id', type: 'FixedString(16)' },
  { name: 'span_id', type: 'FixedString(8)' },
  { name: 'parent_span_id', type: 'FixedString(8)' },
  { name: 'trace_state', type: S },
  { name: 'flags', type: 'UInt32' },
  { name: 'name', type: S },
  { name: 'kind', type: 'UInt8' },
  { name: 'duration_ns', type: 'UInt64' },
  { name: 'status_code', type: 'UInt8' },
  { name: 'status_message', type: S },
  { name: 'has_error', type: 'Bool' },
  ...PROMOTED_COLUMNS.map((name) => ({ name, type: PROMOTED_TYPES[name] ?? S })),
  { name: 'attributes', type: MAP },
  { name: 'attributes_typed', type: MAP },
  { name: 'events.timestamp', type: `Array(${T9})` },
  { name: 'events.name', type: 'Array(String)' },
  { name: 'events.attributes', type: `Array(${MAP})` },
  { name: 'links.trace_id', type: 'Array(String)' },
  { name: 'links.span_id', type: 'Array(String)' },
  { name: 'links.trace_state', type: 'Array(String)' },
  { name: 'links.attributes', type: `Array(${MAP})` },
];

/** Sees every accepted span with its resource and its promoted values (PROMOTED_COLUMNS order). */
export interface SpanObserver {
  span(s: SpanModel, res: ResourceInfo, promoted: readonly (string | number)[], hasError: boolean): void;
}

/** What a request's spans would store: accepted and rejected counts, the first rejection messages. */
export interface SpanCheck {
  count: number;
  rejected: number;
  errors: string[];
}

/** The RowBinary rows of one request's spans. */
export interface SpanRows {
  rows: Buffer;
  count: number;
  rejected: number;
  errors: string[];
}

export interface SpanEncoder {
  /** Decodes an ExportTraceServiceRequest protobuf body and encodes its spans; throws on malformed wire data. */
  protobuf(tenant: string, body: Uint8Array, limits: TimeLimits, observer?: SpanObserver): SpanRows;
  /**
   * The first pass of a protobuf body: decodes and validates every span as protobuf() does, writes nothing. Its
   * counts and messages are the ones protobuf() gives for the same body and limits (the same decoder and checks).
   */
  check(body: Uint8Array, limits: TimeLimits): SpanCheck;
  /** The spans of an OTLP/JSON request already parsed and shape-checked (decodeJsonRequest). */
  json(tenant: string, req: TraceRequest, limits: TimeLimits, observer?: SpanObserver): SpanRows;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const PROMOTED = PROMOTED_COLUMNS.length;
const STRIP_QUERY = /[?#].*$/;

export function createSpanEncoder(): SpanEncoder {
  const keys = createKeyTable();
  const intern = createInterner(keys);
  const w = createRowWriter(1 << 20);
  const scratch = createRowWriter(4096);
  let stamp = 0;
  const pv: (string | number)[] = new Array<string | number>(PROMOTED);
  const pr: number[] = new Array<number>(PROMOTED);
  const strIdx: number[] = [];
  const typedIdx: number[] = [];
  let limits: TimeLimits = NO_LIMITS;

  /** Appends one span after the resource/scope cells; throws (rejecting the span, nothing written) when invalid. */
  function encode(cells: ResourceCells, scope: Buffer, s: SpanModel, observer: SpanObserver | undefined): void {
    const problem = spanProblem(s, limits);
    if (problem !== undefined) throw new Error(problem);
    const traceId = s.traceId;
    const events = s.events;
    const links = s.links;
    const kind = s.kind;
    const side = kind === 2 || kind === 5 ? 'server' : 'client';
    for (let i = 0; i < PROMOTED; i++) {
      pv[i] = '';
      pr[i] = -1;
    }
    pv[2] = 0;
    pv[6] = 0;
    const st = ++stamp;
    let odd = false;
    strIdx.length = 0;
    typedIdx.length = 0;
    const attrs = s.attributes;
    const count = s.attrCount;
    for (let i = 0; i < count; i++) {
      const a = attrs[i];
      const e = a.entry;
      if (e.odd || e.mark === st) odd = true;
      e.mark = st;
      if (a.kind === K_STRING) strIdx.push(i);
      else typedIdx.push(i);
      const rule = e.rule;
      if (rule === undefined || (rule.only !== undefined && rule.only !== side)) continue;
      const idx = rule.index;
      if (pr[idx] !== -1 && pr[idx] <= rule.rank) continue;
      if (rule.numeric) {
        const n = a.kind === K_INT || a.kind === K_DOUBLE ? a.n : a.kind === K_STRING ? Number(a.s) : NaN;
        if (!Number.isFinite(n) || n < 0 || n > 65535) continue;
        pv[idx] = Math.trunc(n);
      } else {
        const v = a.kind === K_STRING ? a.s : a.kind === K_INT ? String(a.n) : undefined;
        if (v === undefined) continue;
        pv[idx] = rule.stripQuery ? v.replace(STRIP_QUERY, '') : v;
      }
      pr[idx] = rule.rank;
    }
    const statusCode = s.statusCode;
    const hasError = statusCode === 2 || (kind === 2 && pv[2] >= 500);
    raw(w, cells.bytes);
    raw(w, scope);
    nanos(w, s.startSec, s.startNs);
    hexFixed(w, traceId, 16);
    hexFixed(w, s.spanId, 8);
    hexFixed(w, s.parentSpanId, 8);
    str(w, s.traceState);
    u32(w, s.flags);
    str(w, s.name);
    u8(w, kind & 0xff);
    duration(w, s);
    u8(w, statusCode & 0xff);
    str(w, s.statusMessage);
    u8(w, hasError ? 1 : 0);
    for (let i = 0; i < PROMOTED; i++) {
      const v = pv[i];
      if (typeof v === 'number') u16(w, v);
      else str(w, v);
    }
    if (odd) {
      // the reference keeps attributes in JS records: last duplicate wins in first position, index keys first
      const rs: Record<string, string> = {};
      const rt: Record<string, string> = {};
      for (let i = 0; i < count; i++) {
        const a = attrs[i];
        if (a.kind === K_STRING) rs[a.entry.key] = a.ws >= 0 ? utf8(s.wire!, a.ws, a.we) : a.s;
        else rt[a.entry.key] = a.text;
      }
      recordMap(w, rs);
      recordMap(w, rt);
    } else {
      varint(w, strIdx.length);
      for (const i of strIdx) {
        const a = attrs[i];
        str(w, a.entry.key);
        if (a.ws >= 0) strBytes(w, s.wire!, a.ws, a.we);
        else str(w, a.s);
      }
      varint(w, typedIdx.length);
      for (const i of typedIdx) {
        str(w, attrs[i].entry.key);
        str(w, attrs[i].text);
      }
    }
    if (events === undefined || events.length === 0) {
      u8(w, 0);
      u8(w, 0);
      u8(w, 0);
    } else {
      varint(w, events.length);
      for (const e of events) nanos(w, e.sec, e.ns);
      varint(w, events.length);
      for (const e of events) str(w, e.name);
      varint(w, events.length);
      for (const e of events) recordMap(w, e.attributes);
    }
    if (links === undefined || links.length === 0) {
      u8(w, 0);
      u8(w, 0);
      u8(w, 0);
      u8(w, 0);
    } else {
      varint(w, links.length);
      for (const l of links) str(w, l.traceId);
      varint(w, links.length);
      for (const l of links) str(w, l.spanId);
      varint(w, links.length);
      for (const l of links) str(w, l.traceState);
      varint(w, links.length);
      for (const l of links) recordMap(w, l.attributes);
    }
    observer?.span(s, cells.info, pv, hasError);
  }

  /** Runs `encode` for one span; a rejected span leaves no bytes behind. */
  function one(out: SpanRows, cells: ResourceCells, scope: Buffer, s: SpanModel, observer: SpanObserver | undefined): void {
    const mark = w.pos;
    try {
      encode(cells, scope, s, observer);
      out.count++;
    } catch (e) {
      w.pos = mark;
      reject(out, (e as Error).message);
    }
  }

  const finish = (out: SpanRows): SpanRows => ({ ...out, rows: takeRows(w) });
  const start = (l: TimeLimits): SpanRows => {
    limits = l;
    intern.trim();
    w.pos = 0;
    return { rows: Buffer.alloc(0), count: 0, rejected: 0, errors: [] };
  };

  return {
    protobuf(tenant, body, l, observer) {
      const out = start(l);
      let lastResource: unknown = null;
      let cells: ResourceCells | undefined;
      let scope: Buffer = Buffer.alloc(0);
      const sink: SpanSink = {
        group(resource, sc) {
          if (resource !== lastResource || cells === undefined) cells = resourceCells(scratch, tenant, resource);
          lastResource = resource;
          scope = scopeCells(scratch, sc);
        },
        span(span) {
          one(out, cells!, scope, span, observer);
        },
      };
      decodeTraceWire(body, intern, sink);
      return finish(out);
    },
    check(body, l) {
      const out: SpanCheck = { count: 0, rejected: 0, errors: [] };
      intern.trim();
      decodeTraceWire(
        body,
        intern,
        {
          group() {},
          span(span) {
            const problem = spanProblem(span, l);
            if (problem === undefined) out.count++;
            else reject(out, problem);
          },
        },
        true,
      );
      return out;
    },
    json(tenant, req, l, observer) {
      const out = start(l);
      for (const rs of req.resourceSpans ?? []) {
        const cells = resourceCells(scratch, tenant, rs.resource);
        for (const ss of rs.scopeSpans ?? []) {
          const scope = scopeCells(scratch, ss.scope);
          for (const span of ss.spans ?? []) {
            let model: SpanModel | undefined;
            try {
              model = spanFromJson(span, keys);
            } catch {
              model = undefined;
            }
            if (model) {
              one(out, cells, scope, model, observer);
              continue;
            }
            // a span the model cannot represent: the reference builder names what is wrong with it
            try {
              spanLine('', span, limits.minSec, limits.maxSec);
              reject(out, 'span uses an OTLP/JSON form this collector does not store (attribute keys must be strings, times integers)');
            } catch (e) {
              reject(out, (e as Error).message);
            }
          }
        }
      }
      return finish(out);
    },
  };
}

/**
 * Why a span cannot be stored, or undefined: the reference builder's checks, in its order (span-rows.ts spanLine), so
 * the first message is the same.
 */
function spanProblem(s: SpanModel, limits: TimeLimits): string | undefined {
  const traceId = s.traceId;
  if (traceId.length !== 32 || traceId === ZERO_TRACE) return 'traceId must be 16 non-zero bytes (32 hex characters)';
  if (s.spanId.length !== 16 || s.spanId === ZERO_SPAN) return 'spanId must be 8 non-zero bytes (16 hex characters)';
  if (s.parentSpanId.length !== 16 && s.parentSpanId !== '') return 'parentSpanId must be empty or 8 bytes (16 hex characters)';
  if (s.startSec < limits.minSec) return tooOld().message;
  const endSec = s.endSec > s.startSec || (s.endSec === s.startSec && s.endNs > s.startNs) ? s.endSec : s.startSec;
  if (s.startSec > limits.maxSec || endSec > limits.maxSec || endSec > MAX_STORABLE_SEC) return TOO_NEW_SPAN;
  const events = s.events;
  if (events !== undefined) {
    for (const e of events) if (e.sec > MAX_STORABLE_SEC) return EVENT_OUT_OF_RANGE;
  }
  const links = s.links;
  if (links !== undefined) {
    for (const l of links) {
      if ((l.traceId.length !== 32 && l.traceId !== '') || (l.spanId.length !== 16 && l.spanId !== ''))
        return 'link ids must be 16/8 bytes';
    }
  }
  return undefined;
}

function reject(out: { rejected: number; errors: string[] }, message: string): void {
  out.rejected++;
  if (out.errors.length < 5) out.errors.push(message);
}

/** duration_ns: end - start, 0 when the end is not after the start (UInt64; the caller bounded both times). */
function duration(w: RowWriter, s: SpanModel): void {
  const ds = s.endSec - s.startSec;
  const dn = s.endNs - s.startNs;
  if (ds < 0 || (ds === 0 && dn <= 0)) u64Halves(w, 0, 0);
  else if (ds < 9_000_000) u64(w, ds * 1_000_000_000 + dn);
  else u64Big(w, BigInt(ds) * 1_000_000_000n + BigInt(dn));
}
