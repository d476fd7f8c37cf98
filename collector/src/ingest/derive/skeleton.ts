/**
 * The span skeleton the call resolver works from: every span reduced to ids, kind, service, endpoint, timing,
 * error flags and the attributes that name an inferred service. Written by the decoder as fixed 84-byte records
 * plus a table of distinct strings (cheap to hand from a decode worker to the main thread), read back as objects.
 */
import type { SpanModel } from '../otlp/span-model.js';

const RECORD = 84;
/** a root span's parent id as read back (one string for all) */
const NO_PARENT = '0'.repeat(16);

/** One span as the resolver sees it (ids in lower-case hex). */
export interface SkeletonSpan {
  tenant: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: number;
  startSec: number;
  startNs: number;
  durationNs: number;
  hasError: boolean;
  httpStatus: number;
  service: string;
  /** the span's own endpoint name (entry spans: before the cardinality cap) */
  endpoint: string;
  dbSystem: string;
  dbNamespace: string;
  serverAddress: string;
  messagingSystem: string;
  messagingDestination: string;
  peerService: string;
}

/** Records + their string table. */
export interface SkeletonBatch {
  records: Buffer;
  strings: string[];
  count: number;
}

/** What a skeleton record takes from the span itself. */
type SpanIds = Pick<SpanModel, 'traceId' | 'spanId' | 'parentSpanId' | 'kind' | 'startSec' | 'startNs'>;

export interface SkeletonWriter {
  /** peers: db.system, db.namespace, server.address, messaging.system, messaging destination, peer.service */
  add(
    s: SpanIds,
    service: string,
    endpoint: string,
    durationNs: number,
    hasError: boolean,
    httpStatus: number,
    peers: readonly string[],
  ): void;
  take(): SkeletonBatch;
}

export function createSkeletonWriter(): SkeletonWriter {
  let buf = Buffer.allocUnsafe(RECORD * 256);
  let count = 0;
  const strings: string[] = [];
  const index = new Map<string, number>();
  const id = (s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  return {
    add(s, service, endpoint, durationNs, hasError, httpStatus, peers) {
      if ((count + 1) * RECORD > buf.length) {
        const next = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(next, 0, 0, count * RECORD);
        buf = next;
      }
      const o = count * RECORD;
      buf.write(s.traceId, o, 16, 'hex');
      buf.write(s.spanId, o + 16, 8, 'hex');
      if (s.parentSpanId === '') buf.fill(0, o + 24, o + 32);
      else buf.write(s.parentSpanId, o + 24, 8, 'hex');
      buf[o + 32] = s.kind & 0xff;
      buf[o + 33] = hasError ? 1 : 0;
      buf.writeUInt16LE(httpStatus, o + 34);
      buf.writeUInt32LE(s.startSec >>> 0, o + 36);
      buf.writeUInt32LE(s.startNs, o + 40);
      buf.writeDoubleLE(durationNs, o + 44);
      buf.writeUInt32LE(id(service), o + 52);
      buf.writeUInt32LE(id(endpoint), o + 56);
      for (let i = 0; i < 6; i++) buf.writeUInt32LE(id(peers[i]), o + 60 + 4 * i);
      count++;
    },
    take() {
      return { records: buf.subarray(0, count * RECORD), strings, count };
    },
  };
}

/** Skeleton records of spans already in object form (benchmarks and tests feeding the resolver). */
export function writeSkeleton(spans: readonly SkeletonSpan[]): SkeletonBatch {
  const w = createSkeletonWriter();
  for (const s of spans)
    w.add(s, s.service, s.endpoint, s.durationNs, s.hasError, s.httpStatus, [
      s.dbSystem,
      s.dbNamespace,
      s.serverAddress,
      s.messagingSystem,
      s.messagingDestination,
      s.peerService,
    ]);
  return w.take();
}

/**
 * Where spans are read from: one request's records in one stored batch, the tenant, the batch's endpoint renames
 * (span-feed.ts) and when the batch reached its reader (the call resolver's grace period counts from it). A reader
 * may keep the source and a span's record index instead of the span object, and read it again (analytics/resolver/packed.ts).
 */
export interface SpanSource {
  tenant: string;
  skeleton: SkeletonBatch;
  /** entry-span endpoints the cardinality cap renamed: `tenant \u0001 service \u0001 endpoint` -> name; undefined: none */
  capped: ReadonlyMap<string, string> | undefined;
  insertedAt: number;
}

/** A span read back from a batch, with when it reached its reader and where it was read from. */
export interface ArrivedSpan extends SkeletonSpan {
  insertedAt: number;
  /** its record: the source and the index in it (undefined for spans that do not come from records) */
  src?: SpanSource;
  at?: number;
}

/** Every span of a source as objects. */
export function readSkeleton(src: SpanSource): ArrivedSpan[] {
  const out: ArrivedSpan[] = new Array<ArrivedSpan>(src.skeleton.count);
  const r = recordsOf(src.skeleton);
  for (let i = 0; i < out.length; i++) out[i] = readRecord(src, r, i);
  return out;
}

/** The spans at record indices `at` of a source. */
export function readSkeletonAt(src: SpanSource, at: readonly number[]): ArrivedSpan[] {
  const r = recordsOf(src.skeleton);
  return at.map((i) => readRecord(src, r, i));
}

const recordsOf = (b: SkeletonBatch) => Buffer.from(b.records.buffer, b.records.byteOffset, b.records.byteLength);

function readRecord(src: SpanSource, r: Buffer, i: number): ArrivedSpan {
  const o = i * RECORD;
  const str = src.skeleton.strings;
  const kind = r[o + 32];
  const service = str[r.readUInt32LE(o + 52)];
  let endpoint = str[r.readUInt32LE(o + 56)];
  if (src.capped && (kind === 2 || kind === 5)) endpoint = src.capped.get(`${src.tenant}\u0001${service}\u0001${endpoint}`) ?? endpoint;
  return {
    tenant: src.tenant,
    traceId: r.toString('hex', o, o + 16),
    spanId: r.toString('hex', o + 16, o + 24),
    parentSpanId: r.readUInt32LE(o + 24) === 0 && r.readUInt32LE(o + 28) === 0 ? NO_PARENT : r.toString('hex', o + 24, o + 32),
    kind,
    hasError: r[o + 33] === 1,
    httpStatus: r.readUInt16LE(o + 34),
    startSec: r.readUInt32LE(o + 36),
    startNs: r.readUInt32LE(o + 40),
    durationNs: r.readDoubleLE(o + 44),
    service,
    endpoint,
    dbSystem: str[r.readUInt32LE(o + 60)],
    dbNamespace: str[r.readUInt32LE(o + 64)],
    serverAddress: str[r.readUInt32LE(o + 68)],
    messagingSystem: str[r.readUInt32LE(o + 72)],
    messagingDestination: str[r.readUInt32LE(o + 76)],
    peerService: str[r.readUInt32LE(o + 80)],
    insertedAt: src.insertedAt,
    src,
    at: i,
  };
}
