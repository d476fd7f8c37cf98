import type { Hono } from 'hono';
import { badRequest } from '../../errors.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import { parseIntParam, parseRange, parseTime } from '../../query/params.js';
import { listMetrics, querySeries } from './query.js';
import { pickResolution, sources } from './resolution.js';

const required = (v: string | undefined, name: string): string => {
  if (!v) throw badRequest(`${name} is required`, 'INVALID_PARAM');
  if (v.length > 512) throw badRequest(`${name} must be at most 512 characters`, 'INVALID_PARAM');
  return v;
};

/** GET /metrics (one metric of one entity over a range, resolution picked from the range) and GET /metrics/list. */
export function registerMetricRoutes(app: Hono<AppEnv>, deps: CollectorDeps): void {
  const all = sources(deps.config.metricsRawRetentionHours);

  app.get('/metrics', async (c) => {
    const q = (k: string) => c.req.query(k);
    const entity = required(q('entity'), 'entity');
    const metric = required(q('metric'), 'metric');
    const { from, to } = parseRange(q);
    const maxPoints = parseIntParam(q('maxPoints'), 1000, 10, 10_000, 'maxPoints');
    const maxSeries = parseIntParam(q('maxSeries'), 200, 1, 5000, 'maxSeries');
    const attributes: Record<string, string> = {};
    for (const [key, values] of Object.entries(c.req.queries()))
      if (key.startsWith('attr.') && values.length) attributes[key.slice(5)] = values[values.length - 1];
    const resolution = pickResolution(from, to, Date.now(), maxPoints, all);
    const series = await querySeries(
      deps.storage,
      { tenant: c.get('tenant'), entity, metric, from, to, attributes, maxSeries },
      resolution,
    );
    return c.json({ entity, metric, from, to, resolution: resolution.source.name, stepMs: resolution.step * 1000, series });
  });

  app.get('/metrics/list', async (c) => {
    const entity = required(c.req.query('entity'), 'entity');
    const since = parseTime(c.req.query('since'), Date.now() - 7 * 86_400_000, 'since');
    const metrics = await listMetrics(deps.storage, c.get('tenant'), entity, since);
    return c.json({ entity, metrics });
  });
}
