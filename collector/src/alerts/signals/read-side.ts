/**
 * The alert evaluator's view of the read side: every signal comes from deps.queries, the functions the API routes
 * call (services, endpoints, edges, instances, entities, KPI series, website summary), narrowed to what it needs.
 */
import type { EdgeSummary, ServiceSummary } from '../../analytics/api/queries.js';
import type { ServiceInstance } from '../../analytics/api/instances.js';
import type { Kpis } from '../../analytics/api/kpi-sql.js';
import type { QueryServices } from '../../query/services.js';

export type Entity = Awaited<ReturnType<QueryServices['infrastructure']['entities']>>[number];
export type { Kpis, ServiceSummary, EdgeSummary, ServiceInstance };

export interface WebsiteSummary {
  pageLoads: number;
  jsErrors: number;
  loadTimeP75: number | null;
  lcpP75: number | null;
}

export interface ReadSide {
  /** KPI totals of every service over [from, to) at 1 s resolution */
  services(tenant: string, from: number, to: number): Promise<ServiceSummary[]>;
  /** the same KPIs (name, type, kpis) for several windows at once, in two queries */
  serviceWindows(
    tenant: string,
    windows: ReadonlyArray<{ from: number; to: number }>,
  ): Promise<Array<Array<Pick<ServiceSummary, 'name' | 'type' | 'kpis'>>>>;
  endpoints(tenant: string, service: string, from: number, to: number): Promise<Array<{ name: string; kpis: Kpis }>>;
  edges(tenant: string, from: number, to: number): Promise<EdgeSummary[]>;
  instances(tenant: string, from: number, to: number): Promise<ServiceInstance[]>;
  /** one KPI per step for a service or endpoint (1 m steps for baselines) */
  kpiSeries(
    tenant: string,
    service: string,
    endpoint: string | undefined,
    from: number,
    to: number,
    resolution: '1s' | '1m' | '1h',
  ): Promise<Array<{ t: number; kpis: Kpis }>>;
  entities(tenant: string, f: { type?: string; ids?: string[]; limit?: number }): Promise<Entity[]>;
  entityEvents(
    tenant: string,
    from: number,
    to: number,
  ): Promise<Array<{ time: number; entityId: string; severity: string; code: string; message: string }>>;
  website(tenant: string, websiteId: string, from: number, to: number): Promise<WebsiteSummary>;
  /** a few traces of a service in [from, to) for an incident: its failing ones (newest first), else its slowest */
  exampleTraces(tenant: string, service: string, from: number, to: number, limit: number): Promise<ExampleTrace[]>;
}

export interface ExampleTrace {
  traceId: string;
  service: string;
  endpoint: string;
  startMs: number;
  durationMs: number;
  error: boolean;
}

/** The read side through deps.queries (the functions the API routes call). */
export function createReadSide(q: QueryServices): ReadSide {
  const r1s = (from: number, to: number) => ({ from, to, resolution: '1s' as const });
  return {
    services: async (tenant, from, to) => (await q.analytics.services(tenant, r1s(from, to))).services,
    serviceWindows: (tenant, windows) => q.analytics.serviceWindows(tenant, windows),
    endpoints: (tenant, service, from, to) => q.analytics.endpoints(tenant, service, r1s(from, to)),
    edges: (tenant, from, to) => q.analytics.edges(tenant, { from, to }),
    instances: async (tenant, from, to) => (await q.analytics.instances(tenant, { from, to })).instances,
    async kpiSeries(tenant, service, endpoint, from, to, resolution) {
      const target = endpoint === undefined ? { scope: 'service' as const, service } : { scope: 'endpoint' as const, service, endpoint };
      const res = await q.analytics.kpiSeries(tenant, target, { from, to, resolution });
      return res.points.map(({ t, ...kpis }) => ({ t, kpis }));
    },
    entities: (tenant, f) => q.infrastructure.entities(tenant, { type: f.type, ids: f.ids, limit: f.limit ?? 5000 }),
    entityEvents: (tenant, from, to) => q.infrastructure.events(tenant, { from, to, limit: 5000 }),
    async website(tenant, websiteId, from, to) {
      const s = await q.websites.summary(tenant, websiteId, { from, to });
      return { pageLoads: s.pageLoads, jsErrors: s.jsErrors, loadTimeP75: s.loadTime.p75, lcpP75: s.webVitals.lcp.p75 };
    },
    async exampleTraces(tenant, service, from, to, limit) {
      const page = { range: { from, to }, limit, offset: 0 };
      let hits = (await q.traces.searchTraces(tenant, { service, error: true }, { ...page, sort: 'newest' })).traces;
      if (!hits.length) hits = (await q.traces.searchTraces(tenant, { service }, { ...page, sort: 'slowest' })).traces;
      return hits.map((h) => ({
        traceId: h.traceId,
        service: h.match.service,
        endpoint: h.match.endpoint,
        startMs: h.match.startMs,
        durationMs: h.match.durationMs,
        error: h.match.error,
      }));
    },
  };
}
