// Response shapes of the collector's /api/v1 routes the UI reads (docs/api.md). They move to type-only imports
// from @argus/api (z.infer of the shared schemas) once that package lands.

export type Health = 'ok' | 'warning' | 'critical' | 'unknown';
export type ServiceType = 'service' | 'database' | 'messaging' | 'external';
export type Resolution = '1s' | '1m' | '1h';

export interface Kpis {
  calls: number;
  callsPerSecond: number;
  errors: number;
  errorRate: number;
  clientErrors: number;
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

export interface ServiceSummary {
  name: string;
  spans: number;
  type: ServiceType;
  kpis: Kpis;
  health: Health;
}

export interface ServicesResponse {
  from: number;
  to: number;
  resolution: Resolution;
  services: ServiceSummary[];
}

export interface Instance {
  service: string;
  instance: string;
  host: { name: string; id: string; entityId: string };
  container: { id: string; entityId: string; k8sPodUid: string };
  process: { pid: number; entityId: string };
  firstSeen: string;
  lastSeen: string;
  spans: number;
}

export interface ServiceDetail {
  from: number;
  to: number;
  resolution: Resolution;
  name: string;
  type: ServiceType;
  kpis: Kpis;
  health: Health;
  endpoints: { name: string; kpis: Kpis; health: Health }[];
  upstream: { service: string; kpis: Kpis }[];
  downstream: { service: string; type: ServiceType; kpis: Kpis }[];
  runsOn: Instance[];
  hosts: unknown;
  warnings: { time: string | number; type: string; severity: string; message: string }[];
}

export interface MapNode {
  id: string;
  name: string;
  type: ServiceType;
  spans: number;
  kpis: Kpis;
  health: Health;
}

export interface MapEdge {
  source: string;
  target: string;
  targetType: ServiceType;
  calls: number;
  callsPerSecond: number;
  errorRate: number;
  p50Ms: number | null;
  p99Ms: number | null;
  kpis: Kpis;
}

export interface DependencyMap {
  from: number;
  to: number;
  resolution: Resolution;
  nodes: MapNode[];
  edges: MapEdge[];
}

export type KpiPoint = { t: number } & Kpis;

export interface KpiSeries {
  scope: string;
  from: number;
  to: number;
  resolution: Resolution;
  stepSeconds: number;
  total: Kpis;
  points: KpiPoint[];
}

export interface TraceHit {
  traceId: string;
  startMs: number;
  durationMs: number;
  spans: number;
  match: { service: string; name: string; endpoint: string; startMs: number; durationMs: number; error: boolean };
}

export interface TraceSearch {
  from: number;
  to: number;
  sort: 'newest' | 'slowest';
  limit: number;
  offset: number;
  next: number | null;
  traces: TraceHit[];
}

export interface SpanEvent {
  timeUnixNano: string;
  name: string;
  attributes: Record<string, unknown>;
}

export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  kindName: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationNs: number;
  status: { code: number; message: string };
  hasError: boolean;
  service: string;
  scope: { name: string; version: string };
  resource: Record<string, unknown>;
  attributes: Record<string, unknown>;
  promoted: Record<string, string | number>;
  infrastructure: { hostName: string; entityId: string; processPid: number; containerId: string; k8sPodUid: string };
  events: SpanEvent[];
  links: { traceId: string; spanId: string; traceState: string; attributes: Record<string, unknown> }[];
  endpoint: string;
  entities: Record<string, unknown>;
  offsetMs: number;
  depth: number;
  childSpanIds: string[];
}

export interface TraceDetail {
  traceId: string;
  startTimeUnixNano: string;
  durationMs: number;
  services: string[];
  errors: number;
  spans: TraceSpan[];
}

export interface Entity {
  id: string;
  type: string;
  name: string;
  parentId: string | null;
  attributes: Record<string, unknown>;
  online: boolean;
}

export interface EntitiesResponse {
  entities: Entity[];
}

// Routes added for the UI (see docs/api.md, "For the UI").

export interface LatencyHistogram {
  from: number;
  to: number;
  total: number;
  buckets: { lowMs: number; highMs: number; count: number }[];
}

export interface TraceScatter {
  from: number;
  to: number;
  total: number;
  truncated: boolean;
  points: { traceId: string; startMs: number; durationMs: number; error: boolean }[];
}

export interface SparkSeries {
  from: number;
  to: number;
  stepSeconds: number;
  series: Record<string, { t: number; callsPerSecond: number; errorRate: number; p99Ms: number | null }[]>;
}

export interface EndpointRelation {
  service: string;
  endpoint: string;
  type: ServiceType;
  kpis: Kpis;
}

export interface EndpointDetail {
  from: number;
  to: number;
  service: string;
  endpoint: string;
  kpis: Kpis;
  health: Health;
  callers: EndpointRelation[];
  callees: EndpointRelation[];
}

export interface SearchResults {
  services: { name: string; type: ServiceType }[];
  endpoints: { service: string; endpoint: string }[];
  hosts: { id: string; name: string }[];
}
