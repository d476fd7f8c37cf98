import type { Counts, WebVitals } from '@argus/api';

/** SQL fragments over the rollup tables shared by the summary and the breakdowns. */
export const VITALS = [
  { name: 'ttfb', kind: 'pageload', good: 800, poor: 1800 },
  { name: 'fcp', kind: 'pageload', good: 1800, poor: 3000 },
  { name: 'lcp', kind: 'vitals', good: 2500, poor: 4000 },
  { name: 'cls', kind: 'vitals', good: 0.1, poor: 0.25 },
  { name: 'inp', kind: 'vitals', good: 200, poor: 500 },
] as const;

export const COUNTS_SQL = `
  sumIf(beacons, kind = 'pageload') AS page_loads,
  sumIf(beacons, kind IN ('pageload', 'pagechange')) AS page_views,
  uniqMerge(sessions) AS sessions,
  sum(errors) AS js_errors,
  sumIf(beacons, kind = 'http') AS http_calls,
  sum(http_errors) AS http_errors,
  quantilesTDigestMergeIf(0.5, 0.75, 0.95)(duration_digest, kind = 'pageload') AS load_time`;

export const VITALS_SQL = VITALS.map(
  (v) => `
  quantileTDigestMergeIf(0.75)(${v.name}_digest, kind = '${v.kind}') AS ${v.name}_p75,
  sumIf(${v.name}_good, kind = '${v.kind}') AS ${v.name}_good,
  sumIf(${v.name}_ni, kind = '${v.kind}') AS ${v.name}_ni,
  sumIf(${v.name}_poor, kind = '${v.kind}') AS ${v.name}_poor`,
).join(',');

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const q = (v: unknown) => {
  const x = Number(v);
  return v === null || v === undefined || !Number.isFinite(x) ? null : Math.round(x * 1000) / 1000;
};

/** rollup row -> `{ pageLoads, pageViews, sessions, jsErrors, httpCalls, httpErrors, loadTime, webVitals }` */
export function countsFromRow(r: Record<string, unknown>): Counts {
  const lt = (r.load_time as unknown[] | undefined) ?? [];
  return {
    pageLoads: n(r.page_loads),
    pageViews: n(r.page_views),
    sessions: n(r.sessions),
    jsErrors: n(r.js_errors),
    httpCalls: n(r.http_calls),
    httpErrors: n(r.http_errors),
    loadTime: { p50: q(lt[0]), p75: q(lt[1]), p95: q(lt[2]) },
  };
}

export function vitalsFromRow(r: Record<string, unknown>): WebVitals {
  const out: Partial<WebVitals> = {};
  for (const v of VITALS) {
    const good = n(r[`${v.name}_good`]);
    const ni = n(r[`${v.name}_ni`]);
    const poor = n(r[`${v.name}_poor`]);
    const total = good + ni + poor;
    const share = (x: number) => (total ? Math.round((x / total) * 1000) / 1000 : 0);
    out[v.name] = {
      p75: total ? q(r[`${v.name}_p75`]) : null,
      samples: total,
      good: share(good),
      needsImprovement: share(ni),
      poor: share(poor),
      thresholds: [v.good, v.poor],
    };
  }
  return out as WebVitals;
}

/** WHERE clause for rollup tables: website and [fromS, toS) */
export const ROLLUP_WHERE =
  'tenant = {tenant:String} AND website_id = {website:String} AND ts >= toDateTime({fromS:UInt32}) AND ts < toDateTime({toS:UInt32})';

/** WHERE clause for raw tables (eum_beacons, eum_resources): website and [from, to) in ms */
export const RAW_WHERE =
  'tenant = {tenant:String} AND website_id = {website:String} AND timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND timestamp < fromUnixTimestamp64Milli({to:Int64})';
