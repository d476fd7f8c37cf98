import { parseRange } from '../../query/params.js';

export interface Tier {
  table: 'eum_rollup_1s' | 'eum_rollup_1m' | 'eum_rollup_1h';
  stepS: number;
}

const TIERS: Tier[] = [
  { table: 'eum_rollup_1h', stepS: 3600 },
  { table: 'eum_rollup_1m', stepS: 60 },
  { table: 'eum_rollup_1s', stepS: 1 },
];
/** the 1 s tier keeps ARGUS_METRICS_RAW_RETENTION_HOURS (>= 24 h); older ranges use the minute tier */
const ONE_SECOND_KEEP_MS = 24 * 3_600_000;

/**
 * The coarsest rollup whose resolution divides both ends of [from, to) (so counts are exact), else the finest
 * one still kept; `from`/`to` are rounded outwards to that resolution. Returns seconds for the SQL parameters.
 */
export function rollupRange(q: (k: string) => string | undefined, now = Date.now()) {
  const { from, to } = parseRange(q);
  let tier = TIERS.find((t) => from % (t.stepS * 1000) === 0 && to % (t.stepS * 1000) === 0) ?? TIERS[2];
  if (tier.stepS === 1 && now - from > ONE_SECOND_KEEP_MS) tier = TIERS[1];
  const step = tier.stepS * 1000;
  const fromS = Math.floor(from / step) * tier.stepS;
  const toS = Math.ceil(to / step) * tier.stepS;
  return { from, to, fromS, toS, tier };
}

/** WHERE clause for rollup tables: website and [fromS, toS) */
export const ROLLUP_WHERE =
  'tenant = {tenant:String} AND website_id = {website:String} AND ts >= toDateTime({fromS:UInt32}) AND ts < toDateTime({toS:UInt32})';

/** WHERE clause for raw tables (eum_beacons, eum_resources): website and [from, to) in ms */
export const RAW_WHERE =
  'tenant = {tenant:String} AND website_id = {website:String} AND timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND timestamp < fromUnixTimestamp64Milli({to:Int64})';
