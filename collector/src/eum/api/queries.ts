import { snippet } from '@argus/eum';
import type {
  BreakdownDimension,
  BreakdownResponse,
  ErrorsResponse,
  HttpCallsResponse,
  ResourcesResponse,
  SessionResponse,
  SummaryResponse,
  TimeseriesResponse,
  Website,
} from '@argus/api';
import { notFound } from '../../errors.js';
import { eumRange, type RetentionSettings, type TimeRange } from '../../query/resolution.js';
import type { Storage } from '../../storage/storage.js';
import type { Website as StoredWebsite, WebsiteStore } from '../websites/store.js';
import { COUNTS_SQL, countsFromRow, ROLLUP_WHERE, VITALS_SQL, vitalsFromRow } from './vitals-sql.js';
import { detailReads } from './detail-queries.js';

export interface WebsiteQueryOptions {
  websites: WebsiteStore;
  retention: RetentionSettings;
  /** the EUM script's version, for the snippet's cache-busting URL */
  scriptVersion: () => string | undefined;
}

const DIMENSION_COLUMN: Record<BreakdownDimension, string> = {
  page: 'page',
  browser: 'browser',
  os: 'os',
  device: 'device',
  country: 'country',
};

/**
 * The EUM read side (deps.queries.websites): websites with snippets, rollup reads (summary, breakdowns, time
 * series; the rollup tier comes from the one catalogue, query/resolution.ts) and raw-beacon reads (errors,
 * resources, HTTP calls, sessions). Every read of an unknown website is 404 EUM_WEBSITE_NOT_FOUND.
 */
export function createWebsiteQueries(storage: Storage, o: WebsiteQueryOptions) {
  const withSnippet = (site: StoredWebsite, reportingUrl: string): Website => ({
    ...site,
    snippet: snippet({ key: site.siteKey, reportingUrl, version: o.scriptVersion() }),
  });
  const siteOf = (tenant: string, id: string) => {
    const site = o.websites.get(tenant, id);
    if (!site) throw notFound(`website ${id} not found`, 'EUM_WEBSITE_NOT_FOUND');
    return site;
  };
  /** the website, the rollup range and the SQL parameters every website read shares */
  const scope = (tenant: string, id: string, r: TimeRange) => {
    const site = siteOf(tenant, id);
    const range = eumRange(r.from, r.to, Date.now(), o.retention);
    const params = { tenant: site.tenant, website: site.id, fromS: range.fromS, toS: range.toS, from: range.from, to: range.to };
    return { range, params };
  };
  const raw = detailReads(storage);

  return {
    /** Every website of the tenant with its snippet pointing at `reportingUrl`. */
    list: (tenant: string, reportingUrl: string): Website[] => o.websites.list(tenant).map((s) => withSnippet(s, reportingUrl)),
    /** One website, or null. */
    get(tenant: string, id: string, reportingUrl: string): Website | null {
      const site = o.websites.get(tenant, id);
      return site ? withSnippet(site, reportingUrl) : null;
    },
    async create(tenant: string, w: { name: string; allowedOrigins: readonly string[] }, reportingUrl: string): Promise<Website> {
      return withSnippet(await o.websites.create(tenant, w.name, w.allowedOrigins), reportingUrl);
    },

    async summary(tenant: string, id: string, r: TimeRange): Promise<SummaryResponse> {
      const { range, params } = scope(tenant, id, r);
      const [row] = await storage.query(`SELECT ${COUNTS_SQL}, ${VITALS_SQL} FROM ${range.tier.tables[0]} WHERE ${ROLLUP_WHERE}`, params);
      return {
        from: range.fromS * 1000,
        to: range.toS * 1000,
        resolutionSeconds: range.tier.stepS,
        ...countsFromRow(row ?? {}),
        webVitals: vitalsFromRow(row ?? {}),
      };
    },

    async breakdown(tenant: string, id: string, dimension: BreakdownDimension, r: TimeRange, limit: number): Promise<BreakdownResponse> {
      const { range, params } = scope(tenant, id, r);
      const rows = await storage.query(
        `SELECT ${DIMENSION_COLUMN[dimension]} AS value, ${COUNTS_SQL}, ${VITALS_SQL} FROM ${range.tier.tables[0]} WHERE ${ROLLUP_WHERE}
         GROUP BY value ORDER BY page_views DESC, value LIMIT {limit:UInt32}`,
        { ...params, limit },
      );
      return {
        dimension,
        resolutionSeconds: range.tier.stepS,
        rows: rows.map((row) => ({ value: String(row.value), ...countsFromRow(row), webVitals: vitalsFromRow(row) })),
      };
    },

    async timeseries(tenant: string, id: string, r: TimeRange, points: number): Promise<TimeseriesResponse> {
      const { range, params } = scope(tenant, id, r);
      const minStep = range.tier.stepS;
      const stepS = Math.max(minStep, Math.ceil((range.toS - range.fromS) / points / minStep) * minStep);
      const rows = await storage.query(
        `SELECT toUnixTimestamp(toStartOfInterval(ts, toIntervalSecond({step:UInt32}))) * 1000 AS time, ${COUNTS_SQL},
                quantileTDigestMergeIf(0.75)(lcp_digest, kind = 'vitals') AS lcp_p75
         FROM ${range.tier.tables[0]} WHERE ${ROLLUP_WHERE} GROUP BY time ORDER BY time`,
        { ...params, step: stepS },
      );
      return {
        stepSeconds: stepS,
        points: rows.map((row) => {
          const lcp = Number(row.lcp_p75);
          return { time: Number(row.time), ...countsFromRow(row), lcpP75: Number.isFinite(lcp) ? Math.round(lcp) : null };
        }),
      };
    },

    errors: (tenant: string, id: string, r: TimeRange, limit: number): Promise<ErrorsResponse> =>
      raw.errors(scope(tenant, id, r).params, limit),
    resources: (tenant: string, id: string, r: TimeRange, limit: number): Promise<ResourcesResponse> =>
      raw.resources(scope(tenant, id, r).params, limit),
    httpCalls: (
      tenant: string,
      id: string,
      r: TimeRange,
      f: { url?: string; withTrace?: boolean; limit: number },
    ): Promise<HttpCallsResponse> => raw.httpCalls(scope(tenant, id, r).params, f),
    session: (tenant: string, id: string, sessionId: string, r: TimeRange): Promise<SessionResponse> =>
      raw.session(scope(tenant, id, r).params, sessionId),
  };
}

export type WebsiteQueries = ReturnType<typeof createWebsiteQueries>;
