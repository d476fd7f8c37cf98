import type { Context, Hono } from 'hono';
import { badRequest, notFound } from '../../errors.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import { parseIntParam } from '../../query/params.js';
import type { WebsiteStore } from '../websites/store.js';
import { ROLLUP_WHERE, rollupRange } from './range.js';
import { COUNTS_SQL, VITALS_SQL, countsFromRow, vitalsFromRow } from './vitals-sql.js';

const DIMENSIONS: Record<string, string> = { page: 'page', browser: 'browser', os: 'os', device: 'device', country: 'country' };

/** shared by every website route: the website (404 otherwise), time range, tier and query parameters */
export function websiteScope(c: Context<AppEnv>, websites: WebsiteStore) {
  const site = websites.get(c.get('tenant'), c.req.param('id') ?? '');
  if (!site) throw notFound(`website ${c.req.param('id')} not found`, 'EUM_WEBSITE_NOT_FOUND');
  const range = rollupRange((k) => c.req.query(k));
  const params = { tenant: site.tenant, website: site.id, fromS: range.fromS, toS: range.toS, from: range.from, to: range.to };
  return { site, range, params };
}

/** Dashboard reads from the rollups: summary, breakdowns, time series. */
export function registerAnalyticsRoutes(app: Hono<AppEnv>, deps: CollectorDeps, websites: WebsiteStore): void {
  app.get('/websites/:id/summary', async (c) => {
    const { range, params } = websiteScope(c, websites);
    const [row] = await deps.storage.query(`SELECT ${COUNTS_SQL}, ${VITALS_SQL} FROM ${range.tier.table} WHERE ${ROLLUP_WHERE}`, params);
    return c.json({
      from: range.fromS * 1000,
      to: range.toS * 1000,
      resolutionSeconds: range.tier.stepS,
      ...countsFromRow(row ?? {}),
      webVitals: vitalsFromRow(row ?? {}),
    });
  });

  app.get('/websites/:id/breakdown/:dimension', async (c) => {
    const dim = DIMENSIONS[c.req.param('dimension')];
    if (!dim) throw badRequest(`dimension must be one of ${Object.keys(DIMENSIONS).join(', ')}`, 'INVALID_PARAM');
    const { range, params } = websiteScope(c, websites);
    const limit = parseIntParam(c.req.query('limit'), 50, 1, 1000, 'limit');
    const rows = await deps.storage.query(
      `SELECT ${dim} AS value, ${COUNTS_SQL}, ${VITALS_SQL} FROM ${range.tier.table} WHERE ${ROLLUP_WHERE}
       GROUP BY value ORDER BY page_views DESC, value LIMIT {limit:UInt32}`,
      { ...params, limit },
    );
    return c.json({
      dimension: c.req.param('dimension'),
      resolutionSeconds: range.tier.stepS,
      rows: rows.map((r) => ({ value: r.value, ...countsFromRow(r), webVitals: vitalsFromRow(r) })),
    });
  });

  app.get('/websites/:id/timeseries', async (c) => {
    const { range, params } = websiteScope(c, websites);
    const points = parseIntParam(c.req.query('points'), 120, 1, 2000, 'points');
    const minStep = range.tier.stepS;
    const stepS = Math.max(minStep, Math.ceil((range.toS - range.fromS) / points / minStep) * minStep);
    const rows = await deps.storage.query(
      `SELECT toUnixTimestamp(toStartOfInterval(ts, toIntervalSecond({step:UInt32}))) * 1000 AS time, ${COUNTS_SQL},
              quantileTDigestMergeIf(0.75)(lcp_digest, kind = 'vitals') AS lcp_p75
       FROM ${range.tier.table} WHERE ${ROLLUP_WHERE} GROUP BY time ORDER BY time`,
      { ...params, step: stepS },
    );
    return c.json({
      stepSeconds: stepS,
      points: rows.map((r) => {
        const lcp = Number(r.lcp_p75);
        return { time: Number(r.time), ...countsFromRow(r), lcpP75: Number.isFinite(lcp) ? Math.round(lcp) : null };
      }),
    });
  });
}
