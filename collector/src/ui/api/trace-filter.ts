import { badRequest } from '../../errors.js';

const ENDPOINT_EXPR = `argus_endpoint_v1(name, http_method, http_route, url_path, url_full, rpc_service, rpc_method, db_system, db_operation, db_collection, db_statement, messaging_system, messaging_destination)`;
const TYPED = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false)$/;

const duration = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw badRequest(`${name} must be a non-negative number of milliseconds`, 'INVALID_PARAM');
  return Math.round(n * 1e6);
};

/**
 * GET /traces' span filter (service, entry endpoint, status, min/max duration, `attr.*`, `resource.*`) as SQL over
 * `spans`, for the scatter. Moves onto the read side's shared span filter (query/span-filter.ts) when that lands.
 */
export function traceFilter(
  q: (k: string) => string | undefined,
  queries: Record<string, string[]>,
  tenant: string,
  from: number,
  to: number,
): { where: string[]; params: Record<string, unknown> } {
  const where = ['tenant = {tenant:String}', 'timestamp >= fromUnixTimestamp64Milli({from:Int64})', 'timestamp <= fromUnixTimestamp64Milli({to:Int64})'];
  const params: Record<string, unknown> = { tenant, from, to };
  const add = (sql: string, values: Record<string, unknown> = {}) => (where.push(sql), Object.assign(params, values));
  if (q('service')) add('service = {service:String}', { service: q('service') });
  if (q('endpoint')) add(`kind IN (2, 5) AND ${ENDPOINT_EXPR} = {endpoint:String}`, { endpoint: q('endpoint') });
  const status = q('status');
  if (status && status !== 'error' && status !== 'ok') throw badRequest('status must be error or ok', 'INVALID_PARAM');
  if (status) add(status === 'error' ? 'has_error = 1' : 'has_error = 0');
  const minNs = duration(q('minDuration'), 'minDuration');
  const maxNs = duration(q('maxDuration'), 'maxDuration');
  if (minNs !== undefined) add('duration_ns >= {minNs:UInt64}', { minNs });
  if (maxNs !== undefined) add('duration_ns <= {maxNs:UInt64}', { maxNs });
  let i = 0;
  for (const [key, values] of Object.entries(queries)) {
    const resource = key.startsWith('resource.');
    if (!resource && !key.startsWith('attr.')) continue;
    for (const v of values) {
      const [kp, vp, tp] = [`ak${i}`, `av${i}`, `at${i++}`];
      params[kp] = key.slice(resource ? 9 : 5);
      params[vp] = v;
      if (resource) {
        where.push(`resource_attributes[{${kp}:String}] = {${vp}:String}`);
        continue;
      }
      const alt = [`(has(mapValues(attributes), {${vp}:String}) AND attributes[{${kp}:String}] = {${vp}:String})`];
      if (TYPED.test(v)) {
        params[tp] = [`i:${v}`, `d:${v}`, `b:${v}`];
        alt.push(`(hasAny(mapValues(attributes_typed), {${tp}:Array(String)}) AND has({${tp}:Array(String)}, attributes_typed[{${kp}:String}]))`);
      }
      where.push(alt.length > 1 ? `(${alt.join(' OR ')})` : alt[0]);
    }
  }
  return { where, params };
}
