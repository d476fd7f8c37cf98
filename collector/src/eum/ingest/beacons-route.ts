import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { ArgusError, badRequest } from '../../errors.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import type { BatchWriter } from '../../storage/batch-writer.js';
import { readBody } from '../../ingest/read-body.js';
import type { EumConfig } from '../config.js';
import { originAllowed } from '../websites/origins.js';
import type { WebsiteStore } from '../websites/store.js';
import { anonymizeIp, createUaParser } from './client.js';
import type { CountryLookup } from './geo.js';
import { createRateLimiter } from './rate-limit.js';
import { beaconRow, resourceRows, type RowContext } from './rows.js';
import { batchSchema, describeIssues } from './schema.js';

export interface BeaconRouteDeps {
  config: EumConfig;
  websites: WebsiteStore;
  beacons: BatchWriter;
  resources: BatchWriter;
  country: CountryLookup;
}

const PATH = '/eum/v1/beacons';

const rateLimited = (what: string, seconds: number) =>
  new ArgusError('EUM_RATE_LIMITED', `too many beacons from this ${what}: retry after ${seconds} s`, 429, seconds);

function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (xff) return xff;
  }
  try {
    return getConnInfo(c).remote.address ?? '';
  } catch {
    return '';
  }
}

/** the page's origin: the Origin header (sent by browsers with sendBeacon/fetch POSTs), else the Referer's origin */
function pageOrigin(c: Context): string | undefined {
  const o = c.req.header('origin');
  if (o && o !== 'null') return o;
  try {
    const r = c.req.header('referer');
    return r ? new URL(r).origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POST /eum/v1/beacons: a batch from eum.js (text/plain JSON, no preflight). Order of checks: per-IP rate,
 * size (413), JSON and schema (400), site key (401), origin (403), per-website rate (429); then every row of the
 * batch is queued and the response waits until ClickHouse has them (503 + Retry-After when the queue is full).
 */
export function registerBeaconRoute(app: Hono<AppEnv>, deps: CollectorDeps, r: BeaconRouteDeps): void {
  const parseUa = createUaParser();
  const perIp = createRateLimiter(r.config.ipRate);
  const perSite = createRateLimiter(r.config.websiteRate);
  const reject = (reason: string) => deps.telemetry.count('argus_rejected_total', { signal: 'eum', reason });

  app.use(PATH, async (c, next) => {
    c.header('access-control-allow-origin', c.req.header('origin') || '*');
    c.header('access-control-allow-credentials', 'true');
    c.header('vary', 'Origin');
    await next();
  });
  app.options(PATH, (c) => {
    c.header('access-control-allow-methods', 'POST, OPTIONS');
    c.header('access-control-allow-headers', 'content-type');
    c.header('access-control-max-age', '86400');
    return c.body(null, 204);
  });

  app.post(PATH, async (c) => {
    const now = Date.now();
    const rawIp = clientIp(c, r.config.trustProxy);
    const ipWait = perIp.take(rawIp || 'unknown', now);
    if (ipWait) throw (reject('rate_ip'), rateLimited('client', ipWait));
    const body = await readBody(c, r.config.maxBeaconBytes).catch((e: unknown) => {
      reject('size');
      throw e;
    });
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw (reject('malformed'), badRequest('beacon body is not valid JSON (expected the batch object sent by eum.js)', 'EUM_MALFORMED'));
    }
    const parsed = batchSchema.safeParse(json);
    if (!parsed.success)
      throw (reject('invalid'), badRequest(`invalid beacon batch: ${describeIssues(parsed.error)}`, 'EUM_INVALID_BEACON'));
    const batch = parsed.data;
    const site = await r.websites.byKey(batch.k);
    // a deleted tenant's website is refused like an unknown key (the store drops it from memory too)
    if (!site || !deps.tenants.isActive(site.tenant))
      throw (
        reject('unknown_key'),
        new ArgusError('EUM_UNKNOWN_SITE_KEY', 'unknown site key: create the website with POST /api/v1/websites and use its siteKey', 401)
      );
    const origin = pageOrigin(c);
    if (!site.allowedOrigins.includes('*') && (!origin || !originAllowed(site.allowedOrigins, origin))) {
      reject('origin');
      throw new ArgusError(
        'EUM_ORIGIN_NOT_ALLOWED',
        `origin ${origin ?? '(none)'} is not allowed for website ${site.id}: add it to its allowedOrigins`,
        403,
      );
    }
    const siteWait = perSite.take(site.id, now);
    if (siteWait) throw (reject('rate_website'), rateLimited('website', siteWait));

    const ua = parseUa(c.req.header('user-agent') ?? '');
    const ctx: RowContext = {
      tenant: site.tenant,
      websiteId: site.id,
      batch,
      client: { ...ua, country: rawIp ? r.country(rawIp) : '', ip: anonymizeIp(rawIp) },
      skew: batch.n ? now - batch.n : 0,
      now,
    };
    let lines = '';
    let count = 0;
    let res = '';
    let resCount = 0;
    for (const b of batch.b) {
      if (b.t === 'res') {
        const x = resourceRows(b, ctx);
        res += x.body;
        resCount += x.count;
      } else {
        lines += beaconRow(b, ctx) + '\n';
        count++;
      }
    }
    await Promise.all([r.beacons.write(lines, count), r.resources.write(res, resCount)]);
    deps.telemetry.count('argus_received_total', { signal: 'eum_beacons' }, batch.b.length);
    if (batch.dr) deps.telemetry.count('argus_rejected_total', { signal: 'eum', reason: 'client_rate_limit' }, batch.dr);
    return c.json({ accepted: batch.b.length }, 202);
  });
}
