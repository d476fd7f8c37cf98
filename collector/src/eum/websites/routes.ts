import { snippet } from '@argus/eum';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { badRequest, notFound } from '../../errors.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import type { EumConfig } from '../config.js';
import type { Website, WebsiteStore } from './store.js';

const createSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(200, 'name must be at most 200 characters'),
  allowedOrigins: z.array(z.string()).min(1, 'allowedOrigins needs at least one origin (or "*")').max(100),
  /** overrides where browsers reach the ingest port, for this response's snippet */
  reportingUrl: z.string().url('reportingUrl must be a URL').optional(),
});

export interface WebsiteRouteDeps {
  websites: WebsiteStore;
  config: EumConfig;
  version: () => string | undefined;
}

/** Website CRUD under /api/v1/websites; every website comes with its ready-to-paste snippet. */
export function registerWebsiteRoutes(app: Hono<AppEnv>, deps: CollectorDeps, w: WebsiteRouteDeps): void {
  const reportingUrl = (c: Context<AppEnv>, override?: string) => {
    if (override) return override;
    if (w.config.publicUrl) return w.config.publicUrl;
    const u = new URL(c.req.url);
    return `${u.protocol}//${u.hostname}:${deps.config.ingestPort}`;
  };
  const view = (c: Context<AppEnv>, site: Website, override?: string) => ({
    ...site,
    snippet: snippet({ key: site.siteKey, reportingUrl: reportingUrl(c, override), version: w.version() }),
  });

  app.get('/websites', (c) => c.json({ websites: w.websites.list(c.get('tenant')).map((s) => view(c, s)) }));

  app.get('/websites/:id', (c) => {
    const site = w.websites.get(c.get('tenant'), c.req.param('id'));
    if (!site) throw notFound(`website ${c.req.param('id')} not found`, 'EUM_WEBSITE_NOT_FOUND');
    return c.json(view(c, site, c.req.query('reportingUrl')));
  });

  app.post('/websites', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw badRequest('body must be JSON: { "name": "...", "allowedOrigins": ["https://..."] }', 'EUM_INVALID_WEBSITE');
    }
    const r = createSchema.safeParse(body);
    if (!r.success)
      throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), 'EUM_INVALID_WEBSITE');
    const site = await w.websites.create(c.get('tenant'), r.data.name, r.data.allowedOrigins);
    return c.json(view(c, site, r.data.reportingUrl), 201);
  });
}
