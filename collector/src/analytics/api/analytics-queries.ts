import type { DependencyMapResponse, InstancesResponse, Kpis, ServiceDetailResponse, ServicesResponse } from '@argus/api';
import { kpiRange, type KpiResolution, type TimeRange } from '../../query/resolution.js';
import type { Storage } from '../../storage/storage.js';
import { endpointDetail } from './endpoint-detail.js';
import { latencyHistogram } from './histogram.js';
import { listInstances, type InstanceFilter } from './instances.js';
import { kpiSeries, type KpiTarget } from './kpis.js';
import { serviceKpiWindows, type KpiWindow } from './kpi-windows.js';
import { listEdges, listEndpoints, listServices, listServicesAndEdges } from './queries.js';
import { searchNames } from './search.js';
import { serviceSparklines } from './sparklines.js';

/** A KPI range as asked: from/to in ms, and optionally the KPI table (else picked from the range). */
export interface KpiRangeInput extends TimeRange {
  resolution?: KpiResolution;
}

const NO_CALLS: Kpis = {
  calls: 0,
  callsPerSecond: 0,
  errors: 0,
  errorRate: 0,
  clientErrors: 0,
  meanMs: null,
  p50Ms: null,
  p90Ms: null,
  p99Ms: null,
};

/**
 * The analytics read side (deps.queries.analytics): services, one service, endpoints, edges, instances, the
 * dependency map and KPI series, over a range whose KPI table comes from the one catalogue (query/resolution.ts).
 */
export function createAnalyticsQueries(storage: Storage, now: () => number = Date.now) {
  const range = (r: KpiRangeInput) => kpiRange(r.from, r.to, now(), r.resolution);
  return {
    async services(tenant: string, r: KpiRangeInput): Promise<ServicesResponse> {
      const k = range(r);
      return { from: k.from, to: k.to, resolution: k.resolution, services: await listServices(storage, tenant, k) };
    },

    /** every service's 1 s KPIs over several windows at once (the alert evaluator's reads), in two queries */
    serviceWindows: (tenant: string, windows: readonly KpiWindow[]) => serviceKpiWindows(storage, tenant, windows, now()),

    /** One service with endpoints, upstream/downstream, where it runs and warnings; null when unknown in the range. */
    async service(tenant: string, name: string, r: KpiRangeInput): Promise<ServiceDetailResponse | null> {
      const k = range(r);
      const [mine, instances, events] = await Promise.all([
        listServicesAndEdges(storage, tenant, k, name),
        listInstances(storage, tenant, k.from, k.to, { service: name }),
        storage.query<{ time: string; type: string; severity: string; message: string }>(
          `SELECT toString(time) AS time, type, severity, message FROM analytics_events
           WHERE tenant = {tenant:String} AND service = {name:String} ORDER BY time DESC LIMIT 20`,
          { tenant, name },
        ),
      ]);
      const [summary] = mine.services;
      const edges = mine.edges;
      if (!summary && edges.length === 0) return null;
      const type = summary?.type ?? 'service';
      const endpoints = await listEndpoints(storage, tenant, k, name, type !== 'service');
      return {
        from: k.from,
        to: k.to,
        resolution: k.resolution,
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
      };
    },

    /** Endpoints of a service: its entry spans' endpoints, or for an inferred service the endpoints it was called on. */
    async endpoints(tenant: string, service: string, r: KpiRangeInput) {
      const k = range(r);
      const [summary] = await listServices(storage, tenant, k, service);
      return listEndpoints(storage, tenant, k, service, summary !== undefined && summary.type !== 'service');
    },

    /** Service-to-service edges (optionally only those touching one service). */
    edges: (tenant: string, r: KpiRangeInput, service?: string) => listEdges(storage, tenant, range(r), service),

    /** Where services run (instances by host, container, process entity), at most 1000. */
    async instances(tenant: string, r: TimeRange, filter: InstanceFilter = {}): Promise<InstancesResponse> {
      const instances = await listInstances(storage, tenant, r.from, r.to, filter);
      return { from: r.from, to: r.to, instances, services: [...new Set(instances.map((i) => i.service))].sort() };
    },

    /** Every service as a node (also those only seen in calls) and every service-to-service edge, with KPIs. */
    async dependencyMap(tenant: string, r: KpiRangeInput): Promise<DependencyMapResponse> {
      const k = range(r);
      const { services: nodes, edges } = await listServicesAndEdges(storage, tenant, k);
      const known = new Set(nodes.map((n) => n.name));
      for (const e of edges) {
        for (const [name, type] of [
          [e.caller, 'service'],
          [e.callee, e.calleeType],
        ] as const) {
          if (known.has(name)) continue;
          known.add(name);
          nodes.push({ name, spans: 0, type, kpis: NO_CALLS, health: 'unknown' });
        }
      }
      return {
        from: k.from,
        to: k.to,
        resolution: k.resolution,
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
      };
    },

    /** A KPI series of a service, an endpoint or an edge (every step present) and its totals. */
    kpiSeries: (tenant: string, target: KpiTarget, r: KpiRangeInput) => kpiSeries(storage, tenant, target, range(r)),

    /** Calls by latency of a service or one of its endpoints (log bins; the counts behind the percentiles). */
    latencyHistogram: (tenant: string, target: { service: string; endpoint?: string }, r: KpiRangeInput) =>
      latencyHistogram(storage, tenant, target, range(r)),

    /** Every service's calls/s, error rate and p99 in `points` equal steps (the services table's sparklines). */
    serviceSparklines: (tenant: string, r: KpiRangeInput, points: number) => serviceSparklines(storage, tenant, range(r), points),

    /** One endpoint with its KPIs, health, callers and callees. */
    endpoint: (tenant: string, service: string, endpoint: string, r: KpiRangeInput) =>
      endpointDetail(storage, tenant, service, endpoint, range(r)),

    /** Services, endpoints and hosts whose name contains `text` (case-insensitive), `limit` of each. */
    search: (tenant: string, text: string, limit: number) => searchNames(storage, tenant, text, limit),
  };
}

export type AnalyticsQueries = ReturnType<typeof createAnalyticsQueries>;
export type { KpiTarget };
