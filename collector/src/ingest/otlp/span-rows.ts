import type { KeyValue } from './attributes.js';
import { splitAttributes, taggedAttributes } from './attributes.js';
import { PROMOTED_COLUMNS, promote } from './promoted.js';
import { resourceSegment, SPAN_RESOURCE_COLUMNS, type Resource, scopeSegment, SCOPE_COLUMNS, type Scope } from './resource.js';
import { EVENT_OUT_OF_RANGE, MAX_STORABLE_SEC, TOO_NEW_SPAN } from './limits.js';
import { beforeSec, idHex, intEnum, isZeroHex, str, toBigInt, type LongLike } from './values.js';
import { tsvArray, tsvMap, tsvMapArray, tsvNanos, tsvString } from '../../storage/tsv.js';

export interface OtlpSpan {
  traceId?: Uint8Array | string;
  spanId?: Uint8Array | string;
  parentSpanId?: Uint8Array | string;
  traceState?: string;
  flags?: number;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: LongLike;
  endTimeUnixNano?: LongLike;
  attributes?: KeyValue[];
  events?: { timeUnixNano?: LongLike; name?: string; attributes?: KeyValue[] }[];
  links?: { traceId?: Uint8Array | string; spanId?: Uint8Array | string; traceState?: string; attributes?: KeyValue[] }[];
  status?: { code?: number | string; message?: string };
}
export interface TraceRequest {
  resourceSpans?: { resource?: Resource; scopeSpans?: { scope?: Scope; spans?: OtlpSpan[] }[] }[];
}

export const SPAN_COLUMNS = [
  ...SPAN_RESOURCE_COLUMNS,
  ...SCOPE_COLUMNS,
  'timestamp',
  'trace_id_hex',
  'span_id_hex',
  'parent_span_id_hex',
  'trace_state',
  'flags',
  'name',
  'kind',
  'duration_ns',
  'status_code',
  'status_message',
  'has_error',
  ...PROMOTED_COLUMNS,
  'attributes',
  'attributes_typed',
  'events.timestamp',
  'events.name',
  'events.attributes',
  'links.trace_id',
  'links.span_id',
  'links.trace_state',
  'links.attributes',
] as const;

export interface RowBatch {
  lines: string;
  rows: number;
  rejected: number;
  errors: string[];
}

/** The rejection of a span that starts before the retention window (ClickHouse's TTL would drop it on insert). */
export const tooOld = (): Error => new Error('span starts before the retention window (older than ARGUS_RETENTION_DAYS)');

/**
 * The reference row of one span (protobufjs- or JSON-shaped, TabSeparated); throws when the span is invalid. The
 * fast path (span-binary.ts) stores the same values; the equivalence test holds them together.
 */
export function spanLine(prefix: string, s: OtlpSpan, minStartSec = -Infinity, maxSec = Infinity): string {
  const traceId = idHex(s.traceId, 16);
  const spanId = idHex(s.spanId, 8);
  const parent = idHex(s.parentSpanId, 8);
  if (!traceId || isZeroHex(traceId)) throw new Error('traceId must be 16 non-zero bytes (32 hex characters)');
  if (!spanId || isZeroHex(spanId)) throw new Error('spanId must be 8 non-zero bytes (16 hex characters)');
  if (parent === undefined) throw new Error('parentSpanId must be empty or 8 bytes (16 hex characters)');
  const kind = intEnum(s.kind, 'span kind');
  const start = toBigInt(s.startTimeUnixNano);
  if (beforeSec(start, minStartSec)) throw tooOld();
  const end = toBigInt(s.endTimeUnixNano);
  const last = end > start ? end : start;
  if (!beforeSec(start, maxSec + 1) || !beforeSec(last, Math.min(maxSec, MAX_STORABLE_SEC) + 1)) throw new Error(TOO_NEW_SPAN);
  const eventTimes = (s.events ?? []).map((e) => toBigInt(e.timeUnixNano));
  if (eventTimes.some((t) => !beforeSec(t, MAX_STORABLE_SEC + 1))) throw new Error(EVENT_OUT_OF_RANGE);
  const statusCode = intEnum(s.status?.code, 'status code');
  const p = promote(s.attributes, kind);
  const hasError = statusCode === 2 || (kind === 2 && p.http_status >= 500);
  const attrs = splitAttributes(s.attributes);
  const events = s.events ?? [];
  const links = s.links ?? [];
  let line = prefix;
  line += `${tsvNanos(start)}\t${traceId}\t${spanId}\t${parent}\t${tsvString(str(s.traceState))}\t${(s.flags ?? 0) >>> 0}\t`;
  line += `${tsvString(str(s.name))}\t${kind}\t${end > start ? end - start : 0n}\t${statusCode}\t${tsvString(str(s.status?.message))}\t${hasError ? 1 : 0}\t`;
  line += `${tsvString(p.http_method)}\t${tsvString(p.http_route)}\t${p.http_status}\t${tsvString(p.url_path)}\t${tsvString(p.url_full)}\t`;
  line += `${tsvString(p.server_address)}\t${p.server_port}\t${tsvString(p.db_system)}\t${tsvString(p.db_namespace)}\t${tsvString(p.db_operation)}\t`;
  line += `${tsvString(p.db_collection)}\t${tsvString(p.db_statement)}\t${tsvString(p.messaging_system)}\t${tsvString(p.messaging_destination)}\t`;
  line += `${tsvString(p.rpc_system)}\t${tsvString(p.rpc_service)}\t${tsvString(p.rpc_method)}\t${tsvString(p.peer_service)}\t`;
  line += `${tsvMap(attrs.strings)}\t${tsvMap(attrs.typed)}\t`;
  if (events.length === 0) line += '[]\t[]\t[]\t';
  else
    line += `[${eventTimes.map((t) => `'${tsvNanos(t)}'`).join(',')}]\t${tsvArray(events.map((e) => str(e.name)))}\t${tsvMapArray(events.map((e) => taggedAttributes(e.attributes)))}\t`;
  if (links.length === 0) line += '[]\t[]\t[]\t[]\n';
  else {
    const ids = links.map((l) => {
      const t = idHex(l.traceId, 16);
      const sp = idHex(l.spanId, 8);
      if (t === undefined || sp === undefined) throw new Error('link ids must be 16/8 bytes');
      return [t, sp];
    });
    line += `${tsvArray(ids.map((x) => x[0]))}\t${tsvArray(ids.map((x) => x[1]))}\t${tsvArray(links.map((l) => str(l.traceState)))}\t${tsvMapArray(links.map((l) => taggedAttributes(l.attributes)))}\n`;
  }
  return line;
}

/** Builds TSV rows (columns SPAN_COLUMNS) for one export request; invalid spans are rejected, not fatal. */
export function buildSpanRows(tenant: string, req: TraceRequest): RowBatch {
  let lines = '';
  let rows = 0;
  let rejected = 0;
  const errors: string[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const res = resourceSegment(tenant, rs.resource, true);
    for (const ss of rs.scopeSpans ?? []) {
      const prefix = res + scopeSegment(ss.scope);
      for (const span of ss.spans ?? []) {
        try {
          lines += spanLine(prefix, span);
          rows++;
        } catch (e) {
          rejected++;
          if (errors.length < 5) errors.push((e as Error).message);
        }
      }
    }
  }
  return { lines, rows, rejected, errors };
}
