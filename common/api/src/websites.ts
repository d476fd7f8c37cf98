import { z } from 'zod';
import { enumParam, intParam, rangeQuery, textParam, timeParam } from './params.js';

/** Websites (EUM): the site list, snippets, rollup reads and raw-beacon reads (docs/eum.md). */

export const website = z.object({
  id: z.string(),
  tenant: z.string(),
  name: z.string(),
  siteKey: z.string(),
  allowedOrigins: z.array(z.string()),
  createdAt: z.string().meta({ description: "ClickHouse time 'YYYY-MM-DD hh:mm:ss.sss' (UTC)" }),
  snippet: z.string().meta({ description: 'the <script> to paste into the site' }),
});
export type Website = z.infer<typeof website>;

export const websitesResponse = z.object({ websites: z.array(website) });
export type WebsitesResponse = z.infer<typeof websitesResponse>;

export const createWebsiteBody = z.object({
  name: z.string().trim().min(1, 'name is required').max(200, 'name must be at most 200 characters'),
  allowedOrigins: z.array(z.string()).min(1, 'allowedOrigins needs at least one origin (or "*")').max(100),
  /** overrides where browsers reach the ingest port, for this response's snippet */
  reportingUrl: z.url('reportingUrl must be a URL').optional(),
});
export type CreateWebsiteBody = z.input<typeof createWebsiteBody>;

export const websiteParams = z.object({ id: z.string().min(1) });
export const websiteQuery = z.object({
  reportingUrl: z.url('reportingUrl must be a URL').optional().meta({ description: "changes the snippet's reporting URL" }),
});

export const counts = z.object({
  pageLoads: z.number(),
  pageViews: z.number(),
  sessions: z.number(),
  jsErrors: z.number(),
  httpCalls: z.number(),
  httpErrors: z.number(),
  loadTime: z.object({ p50: z.number().nullable(), p75: z.number().nullable(), p95: z.number().nullable() }),
});
export type Counts = z.infer<typeof counts>;

export const vital = z.object({
  p75: z.number().nullable(),
  samples: z.number(),
  good: z.number().meta({ description: 'share of samples (0..1)' }),
  needsImprovement: z.number(),
  poor: z.number(),
  thresholds: z.tuple([z.number(), z.number()]).meta({ description: '[good up to, poor from]' }),
});
export const webVitals = z.object({ ttfb: vital, fcp: vital, lcp: vital, cls: vital, inp: vital });
export type WebVitals = z.infer<typeof webVitals>;

export const summaryResponse = counts.extend({
  from: z.number(),
  to: z.number(),
  resolutionSeconds: z.number(),
  webVitals,
});
export type SummaryResponse = z.infer<typeof summaryResponse>;

export const breakdownDimension = z.enum(['page', 'browser', 'os', 'device', 'country']);
export type BreakdownDimension = z.infer<typeof breakdownDimension>;
export const breakdownParams = websiteParams.extend({
  dimension: z.enum(['page', 'browser', 'os', 'device', 'country'], {
    error: 'dimension must be one of page, browser, os, device, country',
  }),
});
export const breakdownQuery = rangeQuery.extend({ limit: intParam('limit', 1, 1000, 'rows').default(50) });
export const breakdownResponse = z.object({
  dimension: breakdownDimension,
  resolutionSeconds: z.number(),
  rows: z.array(counts.extend({ value: z.string(), webVitals })),
});
export type BreakdownResponse = z.infer<typeof breakdownResponse>;

export const timeseriesQuery = rangeQuery.extend({ points: intParam('points', 1, 2000, 'buckets at most').default(120) });
export const timeseriesResponse = z.object({
  stepSeconds: z.number(),
  points: z.array(counts.extend({ time: z.number(), lcpP75: z.number().nullable() })),
});
export type TimeseriesResponse = z.infer<typeof timeseriesResponse>;

const limitQuery = rangeQuery.extend({ limit: intParam('limit', 1, 1000, 'rows').default(100) });
export const errorsQuery = limitQuery;
export const errorsResponse = z.object({
  errors: z.array(
    z.object({
      message: z.string(),
      topFrame: z.string(),
      name: z.string(),
      type: z.string(),
      count: z.number(),
      sessions: z.number(),
      sampleStack: z.string(),
      pages: z.array(z.string()),
      browsers: z.array(z.string()),
      firstSeen: z.number(),
      lastSeen: z.number(),
    }),
  ),
});
export type ErrorsResponse = z.infer<typeof errorsResponse>;

export const resourcesQuery = limitQuery;
export const resourcesResponse = z.object({
  resources: z.array(
    z.object({
      url: z.string(),
      initiator: z.string(),
      count: z.number(),
      p50: z.number(),
      p95: z.number(),
      max: z.number(),
      avgTransferBytes: z.number(),
      avgSizeBytes: z.number(),
      cacheHitRatio: z.number(),
    }),
  ),
});
export type ResourcesResponse = z.infer<typeof resourcesResponse>;

export const httpCallsQuery = limitQuery.extend({
  url: textParam('url', 2048, 'substring of the URL').optional(),
  withTrace: enumParam('withTrace', ['true', 'false'], 'true: only calls with a backend trace id').optional(),
});
export type HttpCallsQuery = z.input<typeof httpCallsQuery>;
export const httpCallsResponse = z.object({
  calls: z.array(
    z.object({
      time: z.number(),
      method: z.string(),
      url: z.string(),
      status: z.number(),
      durationMs: z.number(),
      api: z.string(),
      backendTraceId: z.string().nullable(),
      backendTraceFound: z.boolean(),
      traceparentTraceId: z.string().nullable(),
      page: z.string(),
      sessionId: z.string(),
    }),
  ),
});
export type HttpCallsResponse = z.infer<typeof httpCallsResponse>;

export const sessionParams = websiteParams.extend({
  sessionId: z.string().regex(/^[0-9a-zA-Z_-]{1,64}$/, 'invalid session id'),
});
export const sessionQuery = z.object({
  from: timeParam('from', 'start; default: 7 days ago'),
  to: timeParam('to', 'end; default: now'),
});
const vitalValue = z.number().nullable().meta({ description: 'null when the beacon has none' });
export const sessionBeacon = z.object({
  time: z.number(),
  kind: z.string(),
  page: z.string(),
  url: z.string(),
  page_load_id: z.string(),
  duration_ms: vitalValue,
  ttfb: vitalValue,
  fcp: vitalValue,
  lcp: vitalValue,
  cls: vitalValue,
  inp: vitalValue,
  timings: z.record(z.string(), z.number()),
  attributes: z.record(z.string(), z.string()),
  http_method: z.string(),
  http_status: z.number(),
  backend_trace_id: z.string(),
  error_message: z.string(),
  error_stack: z.string(),
  error_count: z.number(),
  name: z.string(),
  user_id: z.string(),
  user_name: z.string(),
  user_email: z.string(),
  meta: z.record(z.string(), z.string()),
  browser: z.string(),
  os: z.string(),
  device: z.string(),
  country: z.string(),
});
export type SessionBeacon = z.infer<typeof sessionBeacon>;
export const sessionResponse = z.object({
  sessionId: z.string(),
  beacons: z.array(sessionBeacon).meta({ description: 'in time order, at most 10000' }),
});
export type SessionResponse = z.infer<typeof sessionResponse>;
