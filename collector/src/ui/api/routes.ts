import type { Hono } from 'hono';
import { badRequest } from '../../errors.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import { parseIntParam, parseRange } from '../../query/params.js';
import { endpointDetail } from './endpoint.js';
import { kpiWindow } from './kpi-table.js';
import { traceFilter } from './trace-filter.js';
import { latencyHistogram, type KpiScope } from './histogram.js';
import { traceScatter } from './scatter.js';
import { searchNames } from './search.js';
import { serviceSparklines } from './series.js';

/** `scope=service&id=<service>` or `scope=endpoint&id=<service>|<endpoint>` (or `service=` / `endpoint=`). */
function scopeOf(q: (k: string) => string | undefined): KpiScope {
  const scope = q('scope') ?? 'service';
  const id = q('id') ?? '';
  const cut = id.indexOf('|');
  const [a, b] = cut >= 0 ? [id.slice(0, cut), id.slice(cut + 1)] : [id, ''];
  const service = q('service') ?? a;
  if (scope === 'service') {
    if (!service) throw badRequest('scope=service needs id=<service>', 'INVALID_PARAM');
    return { service };
  }
  if (scope === 'endpoint') {
    const endpoint = q('endpoint') ?? b;
    if (!service || !endpoint) throw badRequest('scope=endpoint needs id=<service>|<endpoint>', 'INVALID_PARAM');
    return { service, endpoint };
  }
  throw badRequest('scope must be service or endpoint', 'INVALID_PARAM');
}

/**
 * Reads the UI needs beyond the original API (docs/api.md, "For the UI"): latency histograms, services' sparklines
 * in one request, the trace scatter, one endpoint with its callers and callees, and name search.
 */
export function uiApiRoutes(app: Hono<AppEnv>, deps: CollectorDeps): void {
  const { storage } = deps;
  const query = (c: { req: { query(k: string): string | undefined } }) => (k: string) => c.req.query(k) || undefined;

  app.get('/kpis/histogram', async (c) => {
    const q = query(c);
    const r = kpiWindow(q);
    return c.json({ from: r.from, to: r.to, resolution: r.resolution, ...(await latencyHistogram(storage, c.get('tenant'), r, scopeOf(q))) });
  });

  app.get('/kpis/series', async (c) => {
    const q = query(c);
    if ((q('scope') ?? 'service') !== 'service') throw badRequest('scope must be service', 'INVALID_PARAM');
    const r = kpiWindow(q);
    const points = parseIntParam(q('points'), 30, 2, 300, 'points');
    const { stepMs, series } = await serviceSparklines(storage, c.get('tenant'), r, points);
    return c.json({ from: r.from, to: r.to, resolution: r.resolution, stepSeconds: stepMs / 1000, series });
  });

  app.get('/trace-scatter', async (c) => {
    const q = (k: string) => c.req.query(k);
    const { from, to } = parseRange(q);
    const limit = parseIntParam(q('limit'), 2000, 1, 5000, 'limit');
    const { where, params } = traceFilter(q, c.req.queries(), c.get('tenant'), from, to);
    return c.json({ from, to, ...(await traceScatter(storage, where, params, limit)) });
  });

  app.get('/endpoints', async (c) => {
    const q = query(c);
    const service = q('service');
    const endpoint = q('endpoint');
    if (!service || !endpoint) throw badRequest('service and endpoint are required', 'INVALID_PARAM');
    const r = kpiWindow(q);
    return c.json({ from: r.from, to: r.to, resolution: r.resolution, ...(await endpointDetail(storage, c.get('tenant'), r, service, endpoint)) });
  });

  app.get('/search', async (c) => {
    const q = query(c);
    const text = (q('q') ?? '').trim();
    if (text.length > 200) throw badRequest('q must be at most 200 characters', 'INVALID_PARAM');
    const limit = parseIntParam(q('limit'), 8, 1, 50, 'limit');
    if (!text) return c.json({ services: [], endpoints: [], hosts: [] });
    return c.json(await searchNames(storage, c.get('tenant'), text, limit));
  });
}
