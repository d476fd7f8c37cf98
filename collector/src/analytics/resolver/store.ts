/**
 * The resolver's reads and writes. Reads happen only for traces that come back after leaving memory (a late span,
 * a grace period ending, a replayed ingest batch): their spans from `spans` (bounded by trace_index) and the
 * provisional calls already written for them. Writes: provisional call rows into `calls` (so they can be taken back
 * exactly), and every call's contribution (signed) into edge_kpi_1s, both under the batch's deduplication token.
 */
import { latencyBucket } from '../../ingest/derive/endpoint.js';
import {
  createRowWriter,
  millis,
  str,
  takeRows,
  u16,
  u32,
  u64,
  u64Big,
  u8,
  varint,
  hexFixed,
  type RowWriter,
} from '../../storage/row-binary.js';
import type { BinaryColumn, InsertOptions, Storage } from '../../storage/storage.js';
import type { SignedCall } from './reconcile.js';
import type { CallRow, CalleeType, ResolverSpan } from './types.js';

/**
 * What the resolver needs of storage: reads and binary inserts of rows in memory (the resolver thread gets them
 * through its owner).
 */
export type ResolverStorage = Pick<Storage, 'query'> & {
  insertRowBinary(table: string, columns: readonly BinaryColumn[], chunks: readonly Buffer[], opts?: InsertOptions): Promise<void>;
};

export interface TraceRef {
  tenant: string;
  traceId: string;
}

const setParams = (traces: readonly TraceRef[]) => ({ tenants: traces.map((t) => t.tenant), traces: traces.map((t) => t.traceId) });
const IN_SET = `(tenant, trace_id) IN (SELECT p.1, toFixedString(unhex(p.2), 16) FROM (SELECT arrayJoin(arrayZip({tenants:Array(String)}, {traces:Array(String)})) AS p))`;

interface SpanRow {
  tenant: string;
  t: string;
  s: string;
  p: string;
  kind: number;
  sec: number;
  ns: number;
  duration_ns: number;
  has_error: boolean | number;
  http_status: number;
  service: string;
  endpoint: string;
  db_system: string;
  db_namespace: string;
  server_address: string;
  messaging_system: string;
  messaging_destination: string;
  peer_service: string;
  ins: number;
}

/** Every stored span of the traces, as skeletons (entry spans' endpoints capped like the ingest pipeline caps them). */
export async function loadSpans(storage: ResolverStorage, traces: readonly TraceRef[]): Promise<ResolverSpan[]> {
  const rows = await storage.query<SpanRow>(
    `WITH (SELECT (min(start), max(end)) FROM trace_index WHERE ${IN_SET}) AS r
     SELECT tenant, lower(hex(trace_id)) AS t, lower(hex(span_id)) AS s, lower(hex(parent_span_id)) AS p, kind,
       intDiv(toUnixTimestamp64Nano(timestamp), 1000000000) AS sec, modulo(toUnixTimestamp64Nano(timestamp), 1000000000) AS ns,
       duration_ns, has_error, http_status, service,
       if(kind IN (2, 5) AND (tenant, service, ep) NOT IN (SELECT tenant, service, endpoint FROM endpoint_registry), 'other', ep) AS endpoint,
       db_system, db_namespace, server_address, messaging_system, messaging_destination, peer_service,
       toUnixTimestamp64Milli(inserted_at) AS ins
     FROM (
       SELECT *, argus_endpoint_v1(name, http_method, http_route, url_path, url_full, rpc_service, rpc_method, db_system, db_operation,
         db_collection, db_statement, messaging_system, messaging_destination) AS ep
       FROM spans WHERE ${IN_SET} AND timestamp >= r.1 AND timestamp <= r.2
     )`,
    setParams(traces),
  );
  return rows.map((r) => ({
    tenant: r.tenant,
    traceId: r.t,
    spanId: r.s,
    parentSpanId: r.p,
    kind: Number(r.kind),
    startSec: Number(r.sec),
    startNs: Number(r.ns),
    durationNs: Number(r.duration_ns),
    hasError: Boolean(Number(r.has_error)),
    httpStatus: Number(r.http_status),
    service: r.service,
    endpoint: r.endpoint,
    dbSystem: r.db_system,
    dbNamespace: r.db_namespace,
    serverAddress: r.server_address,
    messagingSystem: r.messaging_system,
    messagingDestination: r.messaging_destination,
    peerService: r.peer_service,
    insertedAt: Number(r.ins),
  }));
}

interface CallDbRow {
  tenant: string;
  t: string;
  c: string;
  s: string;
  ts: number;
  caller_service: string;
  caller_endpoint: string;
  callee_service: string;
  callee_endpoint: string;
  callee_type: string;
  duration_ns: number;
  is_error: number;
  client_error: number;
  net: number;
}

/** Net provisional calls stored for the traces (per identity), leaving out those written under `exceptBatch`. */
export async function loadStoredCalls(
  storage: ResolverStorage,
  traces: readonly TraceRef[],
  exceptBatch: string,
): Promise<Array<{ row: CallRow; net: number }>> {
  const rows = await storage.query<CallDbRow>(
    `SELECT tenant, lower(hex(trace_id)) AS t, lower(hex(client_span_id)) AS c, lower(hex(server_span_id)) AS s, toUnixTimestamp64Milli(ts) AS ts,
       caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type, duration_ns, is_error, client_error, sum(sign) AS net
     FROM calls WHERE ${IN_SET} AND batch != {batch:String}
     GROUP BY tenant, trace_id, client_span_id, server_span_id, ts, caller_service, caller_endpoint, callee_service, callee_endpoint,
       callee_type, duration_ns, is_error, client_error`,
    { ...setParams(traces), batch: exceptBatch },
  );
  return rows.map((r) => ({
    net: Number(r.net),
    row: {
      tenant: r.tenant,
      ts: Number(r.ts),
      traceId: r.t,
      clientSpanId: r.c,
      serverSpanId: r.s,
      callerService: r.caller_service,
      callerEndpoint: r.caller_endpoint,
      calleeService: r.callee_service,
      calleeEndpoint: r.callee_endpoint,
      calleeType: r.callee_type as CalleeType,
      durationNs: Number(r.duration_ns),
      isError: Number(r.is_error),
      clientError: Number(r.client_error),
      provisional: true,
    },
  }));
}

const col = (name: string, type: string): BinaryColumn => ({ name, type });
const CALL_COLUMNS = [
  col('tenant', 'String'),
  col('ts', "DateTime64(3, 'UTC')"),
  col('trace_id', 'FixedString(16)'),
  col('client_span_id', 'FixedString(8)'),
  col('server_span_id', 'FixedString(8)'),
  ...['caller_service', 'caller_endpoint', 'callee_service', 'callee_endpoint', 'callee_type'].map((n) => col(n, 'String')),
  col('duration_ns', 'UInt64'),
  col('is_error', 'UInt8'),
  col('client_error', 'UInt8'),
  col('sign', 'Int8'),
  col('batch', 'String'),
];
const EDGE_COLUMNS = [
  col('tenant', 'String'),
  col('ts', "DateTime('UTC')"),
  ...['caller_service', 'caller_endpoint', 'callee_service', 'callee_endpoint', 'callee_type'].map((n) => col(n, 'String')),
  ...['calls', 'errors', 'client_errors', 'duration_sum'].map((n) => col(n, 'Int64')),
  col('hist', 'Tuple(Array(UInt16), Array(Int64))'),
];

const i64 = (w: RowWriter, v: number) => u64Big(w, BigInt.asUintN(64, BigInt(Math.round(v))));

/** The provisional rows into `calls`, tagged with the batch that wrote them. */
export async function writeCalls(storage: ResolverStorage, rows: readonly SignedCall[], batch: string, token: string): Promise<void> {
  const w = createRowWriter(1 << 14);
  let n = 0;
  for (const r of rows) {
    if (!r.provisional) continue;
    str(w, r.tenant);
    millis(w, r.ts);
    hexFixed(w, r.traceId, 16);
    hexFixed(w, r.clientSpanId, 8);
    hexFixed(w, r.serverSpanId, 8);
    for (const s of [r.callerService, r.callerEndpoint, r.calleeService, r.calleeEndpoint, r.calleeType]) str(w, s);
    u64(w, r.durationNs);
    u8(w, r.isError);
    u8(w, r.clientError);
    u8(w, r.sign & 0xff);
    str(w, batch);
    n++;
  }
  if (n > 0) await storage.insertRowBinary('calls', CALL_COLUMNS, [takeRows(w)], { token });
}

interface EdgeCell {
  row: SignedCall;
  sec: number;
  calls: number;
  errors: number;
  clientErrors: number;
  durationSum: number;
  hist: Map<number, number>;
}

/** Every row's signed contribution to the edge KPIs per second (retractions subtract). */
export async function writeEdgeKpis(storage: ResolverStorage, rows: readonly SignedCall[], token: string): Promise<void> {
  const cells = new Map<string, EdgeCell>();
  for (const r of rows) {
    const sec = Math.floor(r.ts / 1000);
    const k = [r.tenant, sec, r.callerService, r.callerEndpoint, r.calleeService, r.calleeEndpoint, r.calleeType].join('\u0001');
    let c = cells.get(k);
    if (c === undefined) cells.set(k, (c = { row: r, sec, calls: 0, errors: 0, clientErrors: 0, durationSum: 0, hist: new Map() }));
    c.calls += r.sign;
    c.errors += r.sign * r.isError;
    c.clientErrors += r.sign * r.clientError;
    c.durationSum += r.sign * r.durationNs;
    const b = latencyBucket(r.durationNs);
    c.hist.set(b, (c.hist.get(b) ?? 0) + r.sign);
  }
  const w = createRowWriter(1 << 14);
  for (const c of cells.values()) {
    const r = c.row;
    str(w, r.tenant);
    u32(w, c.sec);
    for (const s of [r.callerService, r.callerEndpoint, r.calleeService, r.calleeEndpoint, r.calleeType]) str(w, s);
    i64(w, c.calls);
    i64(w, c.errors);
    i64(w, c.clientErrors);
    i64(w, c.durationSum);
    const buckets = [...c.hist.keys()].sort((a, b) => a - b);
    varint(w, buckets.length);
    for (const b of buckets) u16(w, b);
    varint(w, buckets.length);
    for (const b of buckets) i64(w, c.hist.get(b)!);
  }
  if (cells.size > 0) await storage.insertRowBinary('edge_kpi_1s', EDGE_COLUMNS, [takeRows(w)], { token });
}
