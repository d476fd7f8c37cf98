import type { Hono } from 'hono';
import { notFound } from '../../errors.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import { parseRange } from '../../query/params.js';
import { listInstances } from './instances.js';
import { listEdges, listEndpoints, listServices } from './queries.js';
import { kpiRange } from './range.js';

/** GET /services, GET /services/:name, GET /service-instances, GET /dependency-map. */
export function serviceRoutes(app: Hono<AppEnv>, deps: CollectorDeps): void {
  const { storage } = deps;

  app.get('/services', async (c) => {
    const r = kpiRange((k) => c.req.query(k));
    const services = await listServices(storage, c.get('tenant'), r);
    return c.json({ from: r.from, to: r.to, resolution: r.resolution, services });
  });

  app.get('/services/:name', async (c) => {
    const tenant = c.get('tenant');
    const name = c.req.param('name');
    const r = kpiRange((k) => c.req.query(k));
    const [[summary], edges, instances, events] = await Promise.all([
      listServices(storage, tenant, r, name),
      listEdges(storage, tenant, r, name),
      listInstances(storage, tenant, r.from, r.to, { service: name }),
      storage.query<{ time: string; type: string; severity: string; message: string }>(
        `SELECT toString(time) AS time, type, severity, message FROM analytics_events
         WHERE tenant = {tenant:String} AND service = {name:String} ORDER BY time DESC LIMIT 20`,
        { tenant, name },
      ),
    ]);
    if (!summary && edges.length === 0) throw notFound(`service ${name} not found in this time range`, 'SERVICE_NOT_FOUND');
    const type = summary?.type ?? 'service';
    const endpoints = await listEndpoints(storage, tenant, r, name, type !== 'service');
    return c.json({
      from: r.from,
      to: r.to,
      resolution: r.resolution,
      name,
      type,
      kpis: summary?.kpis,
      health: summary?.health ?? 'unknown',
      endpoints,
      upstream: edges.filter((e) => e.callee === name).map((e) => ({ service: e.caller, kpis: e.kpis })),
      downstream: edges.filter((e) => e.caller === name).map((e) => ({ service: e.callee, type: e.calleeType, kpis: e.kpis })),
      runsOn: instances,
      hosts: [...new Set(instances.map((i) => i.host.name).filter(Boolean))],
      warnings: events.map((e) => ({ ...e, time: `${e.time.replace(' ', 'T')}Z` })),
    });
  });

  app.get('/service-instances', async (c) => {
    const { from, to } = parseRange((k) => c.req.query(k));
    const q = (k: string) => c.req.query(k) || undefined;
    const instances = await listInstances(storage, c.get('tenant'), from, to, {
      service: q('service'),
      host: q('host'),
      container: q('container'),
      entity: q('entity'),
    });
    return c.json({ from, to, instances, services: [...new Set(instances.map((i) => i.service))].sort() });
  });

  app.get('/dependency-map', async (c) => {
    const tenant = c.get('tenant');
    const r = kpiRange((k) => c.req.query(k));
    const [nodes, edges] = await Promise.all([listServices(storage, tenant, r), listEdges(storage, tenant, r)]);
    const known = new Set(nodes.map((n) => n.name));
    for (const e of edges) {
      for (const [name, type] of [
        [e.caller, 'service'],
        [e.callee, e.calleeType],
      ] as const) {
        if (!known.has(name)) {
          known.add(name);
          nodes.push({
            name,
            spans: 0,
            type: type as 'service',
            kpis: {
              calls: 0,
              callsPerSecond: 0,
              errors: 0,
              errorRate: 0,
              clientErrors: 0,
              meanMs: null,
              p50Ms: null,
              p90Ms: null,
              p99Ms: null,
            },
            health: 'unknown',
          });
        }
      }
    }
    return c.json({
      from: r.from,
      to: r.to,
      resolution: r.resolution,
      nodes: nodes.map((n) => ({ id: n.name, ...n })),
      edges: edges.map((e) => ({
        source: e.caller,
        target: e.callee,
        targetType: e.calleeType,
        calls: e.kpis.calls,
        callsPerSecond: e.kpis.callsPerSecond,
        errorRate: e.kpis.errorRate,
        p50Ms: e.kpis.p50Ms,
        p99Ms: e.kpis.p99Ms,
        kpis: e.kpis,
      })),
    });
  });
}
