/**
 * Rewrites an OTLP ExportTraceServiceRequest / ExportMetricsServiceRequest (protobuf) with enriched resources,
 * without decoding it: only each ResourceSpans/ResourceMetrics's `resource` is read and re-encoded, the scope
 * spans and scope metrics are copied as bytes (a walk over their fields counts spans and picks out the tracers'
 * own `argus.tracer.spans.*` counters). About the cost of a copy, and no protobufjs on the hot path.
 */
import { createProtoReader, createProtoWriter, ProtoReadError } from '@argus/otlp-wire';
import type { EntitySnapshot } from '@argus/sensor-kit';
import { enrichResource } from './enrich.js';
import { attrString, readKeyValue, readResource, writeResource, type WireResource } from './resource-attrs.js';
import type { ConnectionHints, IntakeIdentity, ResolvedProcess, SignalKind } from './types.js';

/** a tracer's cumulative self-reported counter, as read from its runtime metrics */
export interface TracerCounter {
  runtime: string;
  service: string;
  metric: 'argus.tracer.spans.exported' | 'argus.tracer.spans.dropped';
  reason: string;
  value: number;
}

export interface Rewritten {
  /** the rewritten request: a view valid until the next rewriteRequest call */
  body: Buffer;
  runtimes: EntitySnapshot[];
  /** spans per service.name */
  spans: Map<string, number>;
  spanCount: number;
  counters: TracerCounter[];
}

const COUNTERS = new Set(['argus.tracer.spans.exported', 'argus.tracer.spans.dropped']);
const w = createProtoWriter(256 * 1024);

/** a resource as enriched: a tracer sends the same resource bytes in every request, so the work is done once */
interface Enriched {
  /** the Resource field (tag, length, message) as written */
  field: Buffer;
  snapshot: EntitySnapshot | undefined;
  service: string;
  at: number;
}
const RESOURCE_TTL_MS = 10_000;
const cache = new Map<string, Enriched>();
const scratch = createProtoWriter(1024);

function enriched(
  body: Uint8Array,
  start: number,
  end: number,
  identity: IntakeIdentity,
  resolveProcess: (pid: number, hints: ConnectionHints) => ResolvedProcess | undefined,
  hints: Omit<ConnectionHints, 'hostName'>,
): Enriched {
  const key = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1', start, end);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < RESOURCE_TTL_MS) return hit;
  const res: WireResource = start < end ? readResource(body, start, end) : { attrs: [], rest: [] };
  const snapshot = enrichResource(res, identity, resolveProcess, hints);
  scratch.tag(1, 2);
  const m = scratch.begin();
  writeResource(scratch, res);
  scratch.end(m);
  const out = { field: scratch.finish(), snapshot, service: attrString(res, 'service.name') ?? 'unknown_service', at: now };
  if (cache.size >= 1000) cache.clear();
  cache.set(key, out);
  return out;
}

export function rewriteRequest(
  kind: SignalKind,
  body: Uint8Array,
  identity: IntakeIdentity,
  resolveProcess: (pid: number, hints: ConnectionHints) => ResolvedProcess | undefined,
  hints: Omit<ConnectionHints, 'hostName'>,
): Rewritten {
  const out: Rewritten = { body: Buffer.alloc(0), runtimes: [], spans: new Map(), spanCount: 0, counters: [] };
  const seen = new Set<string>();
  w.reset();
  const r = createProtoReader(body);
  for (let at = r.pos, f = r.next(); f !== 0; at = r.pos, f = r.next()) {
    if (f !== 1 || r.wire !== 2) {
      r.skip();
      w.raw(body.subarray(at, r.pos));
      continue;
    }
    const len = r.length();
    const start = r.pos;
    r.pos += len;
    const e = createProtoReader(body, start, start + len);
    let resStart = 0;
    let resEnd = 0;
    const others: Uint8Array[] = [];
    let spans = 0;
    const metrics: Array<{ start: number; end: number }> = [];
    for (let at2 = e.pos, g = e.next(); g !== 0; at2 = e.pos, g = e.next()) {
      if (g === 1 && e.wire === 2) {
        const n = e.length();
        [resStart, resEnd] = [e.pos, e.pos + n];
        e.pos += n;
        continue;
      }
      if (g === 2 && e.wire === 2) {
        const n = e.length();
        if (kind === 'traces') spans += countSpans(body, e.pos, e.pos + n);
        else metrics.push({ start: e.pos, end: e.pos + n });
        e.pos += n;
      } else e.skip();
      others.push(body.subarray(at2, e.pos));
    }
    const { field, snapshot, service } = enriched(body, resStart, resEnd, identity, resolveProcess, hints);
    if (snapshot && !seen.has(snapshot.id)) {
      seen.add(snapshot.id);
      out.runtimes.push(snapshot);
    }
    if (spans > 0) {
      out.spans.set(service, (out.spans.get(service) ?? 0) + spans);
      out.spanCount += spans;
    }
    if (snapshot) for (const m of metrics) readCounters(body, m.start, m.end, snapshot.id, service, out.counters);
    w.tag(1, 2);
    const entry = w.begin();
    w.raw(field);
    for (const o of others) w.raw(o);
    w.end(entry);
  }
  out.body = w.view();
  return out;
}

/**
 * Spans in a ScopeSpans message (its repeated field 2), in one flat loop: the deployed agent runs V8 without its
 * optimizing compilers, where a method call per field costs more than the field.
 */
function countSpans(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  let pos = start;
  while (pos < end) {
    let key = 0;
    let shift = 1;
    let b: number;
    do {
      b = buf[pos++];
      key += (b & 0x7f) * shift;
      shift *= 128;
    } while (b >= 0x80 && pos < end);
    const wire = key & 7;
    if (wire === 2) {
      let len = 0;
      shift = 1;
      do {
        b = buf[pos++];
        len += (b & 0x7f) * shift;
        shift *= 128;
      } while (b >= 0x80 && pos < end);
      pos += len;
      if (key >>> 3 === 2) n++;
    } else if (wire === 0) {
      while (buf[pos++] >= 0x80 && pos < end);
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new ProtoReadError(`unsupported wire type ${String(wire)} in ScopeSpans`);
  }
  if (pos !== end) throw new ProtoReadError('ScopeSpans runs past its length');
  return n;
}

/** the argus.tracer.spans.* sums of a ScopeMetrics message */
function readCounters(buf: Uint8Array, start: number, end: number, runtime: string, service: string, out: TracerCounter[]): void {
  const sm = createProtoReader(buf, start, end);
  for (let f = sm.next(); f !== 0; f = sm.next()) {
    if (f !== 2 || sm.wire !== 2) {
      sm.skip();
      continue;
    }
    const len = sm.length();
    const metric = createProtoReader(buf, sm.pos, sm.pos + len);
    sm.pos += len;
    let name = '';
    let sum: { start: number; end: number } | undefined;
    for (let g = metric.next(); g !== 0; g = metric.next()) {
      if (g === 1 && metric.wire === 2) name = metric.string(metric.length());
      else if (g === 7 && metric.wire === 2) {
        const n = metric.length();
        sum = { start: metric.pos, end: metric.pos + n };
        metric.pos += n;
      } else metric.skip();
    }
    if (!sum || !COUNTERS.has(name)) continue;
    const s = createProtoReader(buf, sum.start, sum.end);
    for (let h = s.next(); h !== 0; h = s.next()) {
      if (h !== 1 || s.wire !== 2) {
        s.skip();
        continue;
      }
      const n = s.length();
      const point = readPoint(buf, s.pos, s.pos + n);
      s.pos += n;
      if (point) out.push({ runtime, service, metric: name as TracerCounter['metric'], reason: point.reason, value: point.value });
    }
  }
}

/** a NumberDataPoint's value and its `reason` attribute */
function readPoint(buf: Uint8Array, start: number, end: number): { reason: string; value: number } | undefined {
  const p = createProtoReader(buf, start, end);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let reason = '';
  let value: number | undefined;
  for (let f = p.next(); f !== 0; f = p.next()) {
    if (f === 4 && p.wire === 1) value = p.double();
    else if (f === 6 && p.wire === 1) {
      value = Number(view.getBigInt64(p.pos, true));
      p.pos += 8;
    } else if (f === 7 && p.wire === 2) {
      const n = p.length();
      const kv = readKeyValue(buf, p.pos, p.pos + n);
      p.pos += n;
      if (kv.key === 'reason') reason = attrString({ attrs: [kv], rest: [] }, 'reason') ?? '';
    } else p.skip();
  }
  return value === undefined ? undefined : { reason, value };
}
