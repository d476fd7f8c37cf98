import { z } from 'zod';
import { enumParam, intParam, rangeQuery, textParam } from './params.js';

/** Services, endpoints, calls, KPIs and the dependency map (docs/analytics.md). */

export const resolution = z.enum(['1s', '1m', '1h']);
export type Resolution = z.infer<typeof resolution>;

export const kpis = z.object({
  calls: z.number(),
  callsPerSecond: z.number(),
  errors: z.number(),
  errorRate: z.number().meta({ description: 'errors / calls (0..1)' }),
  clientErrors: z.number().meta({ description: 'HTTP 4xx on an endpoint; on an edge, HTTP >= 400 seen by the client' }),
  meanMs: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p90Ms: z.number().nullable(),
  p99Ms: z.number().nullable().meta({ description: 'latencies are null without calls' }),
});
export type Kpis = z.infer<typeof kpis>;

export const health = z.enum(['ok', 'warning', 'critical', 'unknown']).meta({
  description: 'from the error rate: >= 10 % critical, >= 2 % warning, no calls unknown',
});
export type Health = z.infer<typeof health>;

export const serviceType = z.enum(['service', 'database', 'messaging', 'external']);
export type ServiceType = z.infer<typeof serviceType>;

export const kpiRangeQuery = rangeQuery.extend({
  resolution: enumParam('resolution', ['1s', '1m', '1h'], 'KPI table to read; default by range (see docs/analytics.md)').optional(),
});
export type KpiRangeQuery = z.input<typeof kpiRangeQuery>;

export const serviceSummary = z.object({
  name: z.string(),
  spans: z.number().meta({ description: 'spans stored for the service in the range (whole minutes around it)' }),
  type: serviceType,
  kpis,
  health,
});
export type ServiceSummary = z.infer<typeof serviceSummary>;

const rangeAnswer = { from: z.number(), to: z.number(), resolution };

export const servicesResponse = z.object({ ...rangeAnswer, services: z.array(serviceSummary) });
export type ServicesResponse = z.infer<typeof servicesResponse>;

export const serviceInstance = z.object({
  service: z.string(),
  instance: z.string(),
  host: z.object({ name: z.string(), id: z.string(), entityId: z.string() }),
  container: z.object({ id: z.string(), entityId: z.string(), k8sPodUid: z.string() }),
  process: z.object({ pid: z.number(), entityId: z.string() }),
  firstSeen: z.string().meta({ description: 'ISO time' }),
  lastSeen: z.string().meta({ description: 'ISO time' }),
  spans: z.number(),
});
export type ServiceInstance = z.infer<typeof serviceInstance>;

export const endpointSummary = z.object({ name: z.string(), kpis, health });
export type EndpointSummary = z.infer<typeof endpointSummary>;

export const serviceWarning = z.object({ time: z.string(), type: z.string(), severity: z.string(), message: z.string() });

export const serviceDetailResponse = z.object({
  ...rangeAnswer,
  name: z.string(),
  type: serviceType,
  kpis: kpis.optional().meta({ description: 'absent for a service seen only as a caller' }),
  health,
  endpoints: z.array(endpointSummary),
  upstream: z.array(z.object({ service: z.string(), kpis })),
  downstream: z.array(z.object({ service: z.string(), type: serviceType, kpis })),
  runsOn: z.array(serviceInstance),
  hosts: z.array(z.string()),
  warnings: z.array(serviceWarning),
});
export type ServiceDetailResponse = z.infer<typeof serviceDetailResponse>;

export const serviceParams = z.object({ name: z.string().min(1) });

export const instancesQuery = rangeQuery.extend({
  service: textParam('service', 1024, 'service name').optional(),
  host: textParam('host', 1024, 'host name, host.id or host:<id>').optional(),
  container: textParam('container', 1024, 'container id or container:<id>').optional(),
  entity: textParam('entity', 1024, 'process (runtime) entity id').optional(),
});
export type InstancesQuery = z.input<typeof instancesQuery>;

export const instancesResponse = z.object({
  from: z.number(),
  to: z.number(),
  instances: z.array(serviceInstance).meta({ description: 'at most 1000' }),
  services: z.array(z.string()),
});
export type InstancesResponse = z.infer<typeof instancesResponse>;

export const edgeSummary = z.object({ caller: z.string(), callee: z.string(), calleeType: serviceType, kpis });
export type EdgeSummary = z.infer<typeof edgeSummary>;

export const mapNode = serviceSummary.extend({ id: z.string() });
export const mapEdge = z.object({
  source: z.string(),
  target: z.string(),
  targetType: serviceType,
  calls: z.number(),
  callsPerSecond: z.number(),
  errorRate: z.number(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  kpis,
});
export const dependencyMapResponse = z.object({ ...rangeAnswer, nodes: z.array(mapNode), edges: z.array(mapEdge) });
export type DependencyMapResponse = z.infer<typeof dependencyMapResponse>;

export const kpiScope = z.enum(['service', 'endpoint', 'edge']);
export type KpiScope = z.infer<typeof kpiScope>;

export const kpisQuery = kpiRangeQuery.extend({
  scope: enumParam('scope', ['service', 'endpoint', 'edge'], 'what the series is of').default('service'),
  id: textParam('id', 4096, '`<service>`, `<service>|<endpoint>` or `<caller>|<callee>`').optional(),
  service: textParam('service', 1024, 'instead of id').optional(),
  endpoint: textParam('endpoint', 2048, 'instead of id (scope=endpoint)').optional(),
  caller: textParam('caller', 1024, 'instead of id (scope=edge)').optional(),
  callee: textParam('callee', 1024, 'instead of id (scope=edge)').optional(),
});
export type KpisQuery = z.input<typeof kpisQuery>;

export const kpiPoint = kpis.extend({ t: z.number().meta({ description: 'step start, ms since epoch' }) });
export const kpiSeriesResponse = z.object({
  scope: kpiScope,
  ...rangeAnswer,
  stepSeconds: z.number(),
  total: kpis,
  points: z.array(kpiPoint).meta({ description: 'every step of the range, zeros where nothing happened' }),
});
export type KpiSeriesResponse = z.infer<typeof kpiSeriesResponse>;

/** `scope=service&id=<service>` or `scope=endpoint&id=<service>|<endpoint>` (or `service=` / `endpoint=`). */
export const histogramQuery = kpiRangeQuery.extend({
  scope: enumParam('scope', ['service', 'endpoint'], 'what the histogram is of').default('service'),
  id: textParam('id', 4096, '`<service>` or `<service>|<endpoint>`').optional(),
  service: textParam('service', 1024, 'instead of id').optional(),
  endpoint: textParam('endpoint', 2048, 'instead of id (scope=endpoint)').optional(),
});
export const latencyBucket = z.object({ lowMs: z.number(), highMs: z.number(), count: z.number() });
export const latencyHistogramResponse = z.object({
  ...rangeAnswer,
  total: z.number().meta({ description: 'calls in the range' }),
  buckets: z
    .array(latencyBucket)
    .meta({ description: 'log bins (10 per decade, 5 over 60 bins), empty bins between the fastest and slowest call included' }),
});
export type LatencyHistogramResponse = z.infer<typeof latencyHistogramResponse>;

export const sparklinesQuery = kpiRangeQuery.extend({
  scope: enumParam('scope', ['service'], 'only services').default('service'),
  points: intParam('points', 2, 300, 'steps per series').default(30),
});
export const sparkPoint = z.object({ t: z.number(), callsPerSecond: z.number(), errorRate: z.number(), p99Ms: z.number().nullable() });
export type SparkPoint = z.infer<typeof sparkPoint>;
export const sparklinesResponse = z.object({
  ...rangeAnswer,
  stepSeconds: z.number(),
  series: z.record(z.string(), z.array(sparkPoint)).meta({ description: 'per service, every step present' }),
});
export type SparklinesResponse = z.infer<typeof sparklinesResponse>;

export const endpointQuery = kpiRangeQuery.extend({
  service: z.string({ error: 'service and endpoint are required' }).min(1, 'service and endpoint are required').max(1024),
  endpoint: z.string({ error: 'service and endpoint are required' }).min(1, 'service and endpoint are required').max(4096),
});
export const endpointRelation = z.object({ service: z.string(), endpoint: z.string(), type: serviceType, kpis });
export const endpointDetailResponse = z.object({
  ...rangeAnswer,
  service: z.string(),
  endpoint: z.string(),
  kpis,
  health,
  callers: z.array(endpointRelation).meta({ description: 'at most 200, most calls first' }),
  callees: z.array(endpointRelation).meta({ description: 'at most 200, most calls first' }),
});
export type EndpointDetailResponse = z.infer<typeof endpointDetailResponse>;

export const searchQuery = z.object({
  q: z.string().trim().max(200, 'q must be at most 200 characters').optional().meta({ description: 'case-insensitive substring of names' }),
  limit: intParam('limit', 1, 50, 'results of each kind').default(8),
});
export const searchResponse = z.object({
  services: z.array(z.object({ name: z.string(), type: z.string() })),
  endpoints: z.array(z.object({ service: z.string(), endpoint: z.string() })),
  hosts: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type SearchResponse = z.infer<typeof searchResponse>;
