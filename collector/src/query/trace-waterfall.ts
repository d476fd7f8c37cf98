import type { TraceSpanDetail, WaterfallResponse } from '@argus/api';
import { queryRowBinary } from '../storage/row-binary-read.js';
import type { Storage } from '../storage/storage.js';
import { ENDPOINT_EXPR } from './span-filter.js';
import { SPAN_SELECT, spanFromRow, type SpanRow } from './span-view.js';
import { spanEntities } from './trace-tree.js';

/**
 * The rows of one trace: the trace_index side table bounds the time range (a scalar subquery, evaluated before index
 * analysis, so partitions and granules outside it are skipped) and the trace-id bloom filter does the rest.
 */
export const traceSql = (select: string, extraWhere = '') =>
  `WITH (SELECT (min(start), max(end)) FROM trace_index WHERE tenant = {tenant:String} AND trace_id = unhex({traceId:String})) AS range
   SELECT ${select} FROM spans
   WHERE tenant = {tenant:String} AND trace_id = unhex({traceId:String}) AND timestamp >= range.1 AND timestamp <= range.2${extraWhere}
   ORDER BY timestamp, span_hex`;

interface WaterfallRow {
  span_hex: string;
  parent_hex: string;
  service: string;
  name: string;
  kind: number;
  start_ns: string;
  duration_ns: number;
  status_code: number;
  has_error: boolean | number;
  root_endpoint: string;
}

/**
 * Narrow columns only: the endpoint of every span would read a dozen more (URL, statement, RPC, messaging), half of
 * the query's cost here and far more with real statements; it comes with one span's answer. The root's endpoint (the
 * page title) is a scalar subquery that reads those columns for the root's granule only, put on one row.
 */
const WATERFALL_SELECT = `lower(hex(span_id)) AS span_hex, lower(hex(parent_span_id)) AS parent_hex, service, name, kind,
  toString(toUnixTimestamp64Nano(timestamp)) AS start_ns, duration_ns, status_code, has_error,
  if(rowNumberInAllBlocks() = 0, (SELECT argMin(${ENDPOINT_EXPR}, timestamp) FROM spans
    WHERE tenant = {tenant:String} AND trace_id = unhex({traceId:String}) AND timestamp >= range.1 AND timestamp <= range.2
      AND parent_span_id = unhex('0000000000000000')), '') AS root_endpoint`;

const NO_PARENT = /^0*$/;

/**
 * One trace's waterfall: nine columns per span, strings interned, parents as indexes, times as ns offsets. It reads
 * nine narrow columns instead of every attribute map, and is ~1/10 of the full answer's bytes. A span stored twice
 * counts once (its position first seen, its last row), as in the full answer. Null when no span is stored.
 */
export async function traceWaterfall(storage: Storage, tenant: string, traceId: string): Promise<WaterfallResponse | null> {
  const rows = await queryRowBinary<WaterfallRow>(storage, traceSql(WATERFALL_SELECT), { tenant, traceId });
  if (rows.length === 0) return null;
  const at = new Map<string, number>();
  const unique: WaterfallRow[] = [];
  for (const r of rows) {
    const i = at.get(r.span_hex);
    if (i === undefined) {
      at.set(r.span_hex, unique.length);
      unique.push(r);
    } else unique[i] = r;
  }
  const n = unique.length;
  const strings: string[] = [];
  const interned = new Map<string, number>();
  const intern = (s: string) => {
    let k = interned.get(s);
    if (k === undefined) {
      k = strings.length;
      strings.push(s);
      interned.set(s, k);
    }
    return k;
  };
  let start = BigInt(unique[0].start_ns);
  const starts = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    starts[i] = BigInt(unique[i].start_ns);
    if (starts[i] < start) start = starts[i];
  }
  const cols: WaterfallResponse['spans'] = {
    spanId: new Array<string>(n),
    parent: new Array<number>(n),
    service: new Array<number>(n),
    name: new Array<number>(n),
    kind: new Array<number>(n),
    offsetNs: new Array<number>(n),
    durationNs: new Array<number>(n),
    status: new Array<number>(n),
    error: new Array<number>(n),
  };
  const services: string[] = [];
  const serviceSeen = new Set<string>();
  let end = 0;
  let errors = 0;
  let rootEndpoint = '';
  for (let i = 0; i < n; i++) {
    const r = unique[i];
    const p = NO_PARENT.test(r.parent_hex) ? undefined : at.get(r.parent_hex);
    const offset = Number(starts[i] - start);
    const duration = Number(r.duration_ns);
    cols.spanId[i] = r.span_hex;
    cols.parent[i] = p === undefined || p === i ? -1 : p;
    cols.service[i] = intern(r.service);
    cols.name[i] = intern(r.name);
    cols.kind[i] = Number(r.kind);
    cols.offsetNs[i] = offset;
    cols.durationNs[i] = duration;
    cols.status[i] = Number(r.status_code);
    cols.error[i] = r.has_error ? 1 : 0;
    if (r.has_error) errors++;
    if (r.root_endpoint) rootEndpoint = r.root_endpoint;
    if (offset + duration > end) end = offset + duration;
    if (!serviceSeen.has(r.service)) {
      serviceSeen.add(r.service);
      services.push(r.service);
    }
  }
  const durationMs = end / 1e6;
  return { traceId, startTimeUnixNano: start.toString(), durationMs, count: n, errors, services, rootEndpoint, strings, spans: cols };
}

/** One span of a trace in full (with its endpoint and the entities it ran on); its last row when stored twice. */
export async function traceSpanDetail(storage: Storage, tenant: string, traceId: string, spanId: string): Promise<TraceSpanDetail | null> {
  const rows = await queryRowBinary<SpanRow & { endpoint: string }>(
    storage,
    traceSql(`${SPAN_SELECT}, ${ENDPOINT_EXPR} AS endpoint`, ' AND span_id = unhex({spanId:String})'),
    { tenant, traceId, spanId },
  );
  const row = rows.at(-1);
  if (!row) return null;
  const s = spanFromRow(row);
  return { ...s, endpoint: row.endpoint, entities: spanEntities(s) };
}
