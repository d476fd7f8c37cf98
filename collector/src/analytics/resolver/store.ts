import type { Storage } from '../../storage/storage.js';
import { tsvString } from '../../storage/tsv.js';
import type { SignedCall } from './reconcile.js';
import type { CallRow, CalleeType, SkeletonSpan } from './types.js';

/** Which traces to (re)reconcile: those with arrivals in (lo, hi] (ms since epoch). */
export interface ArrivalWindow {
  lo: number;
  hi: number;
}

const params = (w: ArrivalWindow) => ({ lo: w.lo, hi: w.hi });

export interface Arrival {
  tenant: string;
  traceId: string;
  insertedAt: number;
}

/** Arrival rows in the window, at most `limit`. */
export async function listArrivals(storage: Storage, w: ArrivalWindow, limit: number): Promise<Arrival[]> {
  const rows = await storage.query<{ tenant: string; t: string; ins: number }>(
    `SELECT tenant, lower(hex(trace_id)) AS t, toUnixTimestamp64Milli(inserted_at) AS ins FROM trace_arrivals
     WHERE inserted_at > fromUnixTimestamp64Milli({lo:Int64}) AND inserted_at <= fromUnixTimestamp64Milli({hi:Int64}) LIMIT {limit:UInt32}`,
    { ...params(w), limit },
  );
  return rows.map((r) => ({ tenant: r.tenant, traceId: r.t, insertedAt: Number(r.ins) }));
}

/** The traces to reconcile, passed as two parallel arrays (tenant, hex trace id). */
export interface TraceSet {
  tenants: string[];
  traces: string[];
}

const IN_SET = `(tenant, trace_id) IN (SELECT p.1, toFixedString(unhex(p.2), 16) FROM (SELECT arrayJoin(arrayZip({tenants:Array(String)}, {traces:Array(String)})) AS p))`;

interface SkeletonRow {
  tenant: string;
  t: string;
  s: string;
  p: string;
  kind: number;
  ts: string;
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

/** All skeleton spans of the traces. */
export async function loadSkeletons(storage: Storage, set: TraceSet): Promise<SkeletonSpan[]> {
  const rows = await storage.query<SkeletonRow>(
    `SELECT tenant, lower(hex(trace_id)) AS t, lower(hex(span_id)) AS s, lower(hex(parent_span_id)) AS p, kind,
       toString(toDateTime64(timestamp, 3, 'UTC')) AS ts, duration_ns, has_error, http_status, service, endpoint, db_system,
       db_namespace, server_address, messaging_system, messaging_destination, peer_service, toUnixTimestamp64Milli(inserted_at) AS ins
     FROM span_skeleton WHERE ${IN_SET}`,
    { ...set },
  );
  return rows.map((r) => ({
    tenant: r.tenant,
    traceId: r.t,
    spanId: r.s,
    parentSpanId: r.p,
    kind: Number(r.kind),
    ts: r.ts,
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
  ts: string;
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

/** Net stored calls (sum of sign != 0) of the traces. */
export async function loadStoredCalls(storage: Storage, set: TraceSet): Promise<Array<{ row: CallRow; net: number }>> {
  const rows = await storage.query<CallDbRow>(
    `SELECT tenant, lower(hex(trace_id)) AS t, lower(hex(client_span_id)) AS c, lower(hex(server_span_id)) AS s, toString(ts) AS ts,
       caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type, duration_ns, is_error, client_error, sum(sign) AS net
     FROM calls WHERE ${IN_SET}
     GROUP BY tenant, trace_id, client_span_id, server_span_id, ts, caller_service, caller_endpoint, callee_service, callee_endpoint,
       callee_type, duration_ns, is_error, client_error
     HAVING net != 0`,
    { ...set },
  );
  return rows.map((r) => ({
    net: Number(r.net),
    row: {
      tenant: r.tenant,
      ts: r.ts,
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
    },
  }));
}

const CALL_COLUMNS = [
  'tenant',
  'ts',
  'trace_id_hex',
  'client_span_id_hex',
  'server_span_id_hex',
  'caller_service',
  'caller_endpoint',
  'callee_service',
  'callee_endpoint',
  'callee_type',
  'duration_ns',
  'is_error',
  'client_error',
  'sign',
] as const;

export async function writeCalls(storage: Storage, rows: readonly SignedCall[]): Promise<void> {
  if (rows.length === 0) return;
  let body = '';
  for (const r of rows) {
    body += `${tsvString(r.tenant)}\t${r.ts}\t${r.traceId}\t${r.clientSpanId}\t${r.serverSpanId}\t${tsvString(r.callerService)}\t${tsvString(r.callerEndpoint)}\t${tsvString(r.calleeService)}\t${tsvString(r.calleeEndpoint)}\t${r.calleeType}\t${r.durationNs}\t${r.isError}\t${r.clientError}\t${r.sign}\n`;
  }
  await storage.insertTsv('calls', CALL_COLUMNS, body);
}

export async function readState(storage: Storage, key: string): Promise<number | undefined> {
  const [r] = await storage.query<{ v: number; n: number }>(
    `SELECT argMax(value, updated_at) AS v, count() AS n FROM analytics_state WHERE key = {key:String}`,
    { key },
  );
  return r && Number(r.n) > 0 ? Number(r.v) : undefined;
}

export async function writeState(storage: Storage, values: Record<string, number>): Promise<void> {
  const body = Object.entries(values)
    .map(([k, v]) => `${k}\t${Math.trunc(v)}\n`)
    .join('');
  await storage.insertTsv('analytics_state', ['key', 'value'], body);
}
