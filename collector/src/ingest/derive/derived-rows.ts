/**
 * The analytics rows of one ingest batch, from what the decoders derived per request (span-derive.ts): merged per
 * tenant and key, the endpoint cap applied, encoded in RowBinary. They go into the same batch as the spans they
 * come from (and under the batch's deduplication tokens), so they are stored exactly once too.
 */
import type { TableRows } from '../../storage/insert-table.js';
import {
  createRowWriter,
  hexFixed,
  nanos,
  str,
  takeRows,
  u16,
  u32,
  u64,
  u64Big,
  varint,
  type RowWriter,
} from '../../storage/row-binary.js';
import type { BinaryColumn } from '../../storage/storage.js';
import type { EndpointRegistry } from './registry.js';
import type { DerivedSpans, InstanceCell, KpiCell, TraceRange } from './span-derive.js';

const col = (name: string, type: string): BinaryColumn => ({ name, type });
const T9 = "DateTime64(9, 'UTC')";
const DT = "DateTime('UTC')";

export const TRACE_INDEX_COLUMNS = [
  col('tenant', 'String'),
  col('trace_id', 'FixedString(16)'),
  col('start', T9),
  col('end', T9),
  col('spans', 'UInt64'),
];
export const ENDPOINT_KPI_COLUMNS = [
  col('tenant', 'String'),
  col('ts', DT),
  col('service', 'String'),
  col('endpoint', 'String'),
  col('calls', 'Int64'),
  col('errors', 'Int64'),
  col('client_errors', 'Int64'),
  col('duration_sum', 'Int64'),
  col('hist', 'Tuple(Array(UInt16), Array(Int64))'),
];
export const INSTANCE_COLUMNS = [
  ...['tenant', 'service', 'host_name', 'host_id', 'container_id', 'k8s_pod_uid'].map((n) => col(n, 'String')),
  col('process_pid', 'UInt32'),
  col('entity_id', 'String'),
  col('service_instance', 'String'),
  col('first_seen', DT),
  col('last_seen', DT),
  col('spans', 'UInt64'),
];
export const SERVICE_SPANS_COLUMNS = [col('tenant', 'String'), col('ts', DT), col('service', 'String'), col('spans', 'UInt64')];
export const REGISTRY_COLUMNS = [col('tenant', 'String'), col('service', 'String'), col('endpoint', 'String'), col('first_seen', DT)];

export interface TenantDerived {
  tenant: string;
  derived: DerivedSpans;
}

export interface DerivedBatch {
  tables: TableRows[];
  /** the endpoint an entry span's raw endpoint became where the cap renamed it, per `tenant \u0001 service \u0001 endpoint` */
  capped: Map<string, string>;
}

/** An Int64 that may pass 2^53 (duration sums): exact as a BigInt when it does. */
function i64(w: RowWriter, v: number): void {
  if (Number.isSafeInteger(v) && v >= 0) u64(w, v);
  else u64Big(w, BigInt.asUintN(64, BigInt(Math.round(v))));
}

export function deriveRows(parts: readonly TenantDerived[], registry: EndpointRegistry): DerivedBatch {
  const w = createRowWriter(1 << 16);
  const tables: TableRows[] = [];
  const capped = new Map<string, string>();
  const named = new Map<string, string>();
  const push = (table: string, columns: readonly BinaryColumn[], rows: number) => {
    if (rows > 0) tables.push({ table, format: 'RowBinary', columns, data: takeRows(w), rows });
    else w.pos = 0;
  };

  // trace_index: one row per trace and tenant (AggregatingMergeTree sums rows of later batches)
  const traces = new Map<string, { tenant: string; id: string; r: TraceRange }>();
  for (const { tenant, derived } of parts) {
    for (const [id, r] of derived.traces) {
      const k = `${tenant}\u0001${id}`;
      const t = traces.get(k);
      if (t === undefined) traces.set(k, { tenant, id, r: [...r] });
      else merge(t.r, r);
    }
  }
  for (const { tenant, id, r } of traces.values()) {
    str(w, tenant);
    hexFixed(w, id, 16);
    nanos(w, r[0], r[1]);
    nanos(w, r[2], r[3]);
    u64(w, r[4]);
  }
  push('trace_index', TRACE_INDEX_COLUMNS, traces.size);

  // endpoint KPIs per second, entry spans' endpoints capped
  const kpis = new Map<string, KpiCell & { tenant: string }>();
  for (const { tenant, derived } of parts) {
    for (const k of derived.kpis.values()) {
      const raw = `${tenant}\u0001${k.service}\u0001${k.endpoint}`;
      let endpoint = named.get(raw);
      if (endpoint === undefined) {
        endpoint = registry.cap(tenant, k.service, k.endpoint);
        named.set(raw, endpoint);
        if (endpoint !== k.endpoint) capped.set(raw, endpoint);
      }
      const key = `${tenant}\u0001${k.service}\u0001${endpoint}\u0001${k.sec}`;
      const m = kpis.get(key);
      if (m === undefined) kpis.set(key, { ...k, tenant, endpoint, hist: new Map(k.hist) });
      else {
        m.calls += k.calls;
        m.errors += k.errors;
        m.clientErrors += k.clientErrors;
        m.durationSum += k.durationSum;
        for (const [b, n] of k.hist) m.hist.set(b, (m.hist.get(b) ?? 0) + n);
      }
    }
  }
  for (const k of kpis.values()) {
    str(w, k.tenant);
    u32(w, k.sec);
    str(w, k.service);
    str(w, k.endpoint);
    u64(w, k.calls);
    u64(w, k.errors);
    u64(w, k.clientErrors);
    i64(w, k.durationSum);
    const buckets = [...k.hist.keys()].sort((a, b) => a - b);
    varint(w, buckets.length);
    for (const b of buckets) u16(w, b);
    varint(w, buckets.length);
    for (const b of buckets) u64(w, k.hist.get(b)!);
  }
  push('endpoint_kpi_1s', ENDPOINT_KPI_COLUMNS, kpis.size);

  // where services run
  const instances = new Map<string, InstanceCell & { tenant: string }>();
  for (const { tenant, derived } of parts) {
    for (const [key, c] of derived.instances) {
      const k = `${tenant}\u0001${key}`;
      const m = instances.get(k);
      if (m === undefined) instances.set(k, { ...c, tenant });
      else {
        m.first = Math.min(m.first, c.first);
        m.last = Math.max(m.last, c.last);
        m.spans += c.spans;
      }
    }
  }
  for (const c of instances.values()) {
    const r = c.res;
    for (const s of [c.tenant, r.service, r.hostName, r.hostId, r.containerId, r.podUid]) str(w, s);
    u32(w, r.pid);
    str(w, r.entityId);
    str(w, r.serviceInstance);
    u32(w, c.first);
    u32(w, c.last);
    u64(w, c.spans);
  }
  push('service_instances', INSTANCE_COLUMNS, instances.size);

  // spans per service and minute
  const minutes = new Map<string, { tenant: string; service: string; minute: number; spans: number }>();
  for (const { tenant, derived } of parts) {
    for (const [key, n] of derived.serviceMinutes) {
      const k = `${tenant}\u0001${key}`;
      const m = minutes.get(k);
      if (m) m.spans += n;
      else {
        const [service, minute] = key.split('\u0001');
        minutes.set(k, { tenant, service, minute: Number(minute), spans: n });
      }
    }
  }
  for (const m of minutes.values()) {
    str(w, m.tenant);
    u32(w, m.minute);
    str(w, m.service);
    u64(w, m.spans);
  }
  push('service_spans_1m', SERVICE_SPANS_COLUMNS, minutes.size);

  const admitted = registry.takeAdmitted();
  for (const [tenant, service, endpoint, at] of admitted) {
    str(w, tenant);
    str(w, service);
    str(w, endpoint);
    u32(w, at);
  }
  push('endpoint_registry', REGISTRY_COLUMNS, admitted.length);
  return { tables, capped };
}

function merge(a: TraceRange, b: TraceRange): void {
  if (b[0] < a[0] || (b[0] === a[0] && b[1] < a[1])) {
    a[0] = b[0];
    a[1] = b[1];
  }
  if (b[2] > a[2] || (b[2] === a[2] && b[3] > a[3])) {
    a[2] = b[2];
    a[3] = b[3];
  }
  a[4] += b[4];
}
