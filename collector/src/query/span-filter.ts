import type { TimeRange } from './resolution.js';
import { resourceAttributeEquals } from './span-view.js';

/** What one span must match: the filters of span search and trace search alike. */
export interface SpanFilter {
  service?: string;
  /** exact span name */
  name?: string;
  /** endpoint of an entry (server/consumer) span, e.g. `GET /cart` */
  endpoint?: string;
  /** has_error (status ERROR or HTTP server status >= 500) */
  error?: boolean;
  /** the OTLP status code */
  statusCode?: 'ok' | 'unset';
  minDurationMs?: number;
  maxDurationMs?: number;
  /** span attribute `key` equals `value` (string or typed value) */
  attributes?: ReadonlyArray<readonly [string, string]>;
  /** resource attribute `key` equals `value` */
  resource?: ReadonlyArray<readonly [string, string]>;
}

export interface SpanWhereOptions {
  /** an attribute filter also matches a resource attribute of that key (span search) */
  attributesMatchResource?: boolean;
}

/** The endpoint of a span, as the views and the resolver compute it (analytics migration 040). */
export const ENDPOINT_EXPR = `argus_endpoint_v1(name, http_method, http_route, url_path, url_full, rpc_service, rpc_method, db_system, db_operation, db_collection, db_statement, messaging_system, messaging_destination)`;

const TYPED = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false)$/;

/**
 * The WHERE clause and parameters over `spans` for a tenant, a time range and a filter: the one builder behind
 * span search and trace search. Attribute filters use has(mapValues(...)) so the bloom-filter indexes on attribute
 * values skip granules; numbers and booleans are stored typed (i:42, d:1.5, b:true) in attributes_typed, which has
 * its own index, and are only looked for when the value looks like one.
 */
export function spanWhere(tenant: string, range: TimeRange, f: SpanFilter, o: SpanWhereOptions = {}) {
  const where = [
    'tenant = {tenant:String}',
    'timestamp >= fromUnixTimestamp64Milli({from:Int64})',
    'timestamp <= fromUnixTimestamp64Milli({to:Int64})',
  ];
  const params: Record<string, unknown> = { tenant, from: range.from, to: range.to };
  const add = (sql: string, values: Record<string, unknown> = {}) => {
    where.push(sql);
    Object.assign(params, values);
  };
  if (f.service !== undefined) add('service = {service:String}', { service: f.service });
  if (f.name !== undefined) add('name = {name:String}', { name: f.name });
  if (f.endpoint !== undefined) add(`kind IN (2, 5) AND ${ENDPOINT_EXPR} = {endpoint:String}`, { endpoint: f.endpoint });
  if (f.error !== undefined) add(f.error ? 'has_error = 1' : 'has_error = 0');
  if (f.statusCode !== undefined) add(f.statusCode === 'ok' ? 'status_code = 1' : 'status_code = 0');
  if (f.minDurationMs !== undefined) add('duration_ns >= {minNs:UInt64}', { minNs: Math.round(f.minDurationMs * 1e6) });
  if (f.maxDurationMs !== undefined) add('duration_ns <= {maxNs:UInt64}', { maxNs: Math.round(f.maxDurationMs * 1e6) });
  let i = 0;
  for (const [key, value] of f.attributes ?? []) {
    const [kp, vp, tp] = [`ak${i}`, `av${i}`, `at${i++}`];
    params[kp] = key;
    params[vp] = value;
    const alternatives = [`(has(mapValues(attributes), {${vp}:String}) AND attributes[{${kp}:String}] = {${vp}:String})`];
    if (TYPED.test(value)) {
      params[tp] = [`i:${value}`, `d:${value}`, `b:${value}`];
      alternatives.push(
        `(hasAny(mapValues(attributes_typed), {${tp}:Array(String)}) AND has({${tp}:Array(String)}, attributes_typed[{${kp}:String}]))`,
      );
    }
    if (o.attributesMatchResource) {
      const r = resourceAttributeEquals(key, value, `ar${i - 1}`);
      Object.assign(params, r.params);
      alternatives.push(r.sql);
    }
    where.push(alternatives.length > 1 ? `(${alternatives.join(' OR ')})` : alternatives[0]);
  }
  for (const [key, value] of f.resource ?? []) {
    const r = resourceAttributeEquals(key, value, `r${i++}`);
    Object.assign(params, r.params);
    where.push(r.sql);
  }
  return { where: where.join(' AND '), params };
}
