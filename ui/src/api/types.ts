// Response shapes of the collector's /api/v1 routes the UI reads: type-only aliases of the shared wire format
// (@argus/api, zod schemas inferred), so the UI and the collector cannot drift apart. Nothing here reaches the bundle.
import type {
  DependencyMapResponse,
  EndpointDetailResponse,
  KpiSeriesResponse,
  LatencyHistogramResponse,
  ScatterResponse,
  SearchResponse,
  ServiceDetailResponse,
  SparklinesResponse,
  TraceResponse,
  TracesResponse,
  WaterfallResponse,
} from '@argus/api';

export type {
  EntitiesResponse,
  Entity,
  Health,
  Kpis,
  Resolution,
  ServiceInstance as Instance,
  ServicesResponse,
  ServiceSummary,
  ServiceType,
  TraceHit,
  TraceSpan,
  TraceSpanDetail,
} from '@argus/api';

export type ServiceDetail = ServiceDetailResponse;
export type DependencyMap = DependencyMapResponse;
export type MapNode = DependencyMapResponse['nodes'][number];
export type MapEdge = DependencyMapResponse['edges'][number];
export type KpiSeries = KpiSeriesResponse;
export type KpiPoint = KpiSeriesResponse['points'][number];
export type TraceSearch = TracesResponse;
export type TraceDetail = TraceResponse;
export type TraceWaterfall = WaterfallResponse;
export type SpanEvent = TraceResponse['spans'][number]['events'][number];
export type LatencyHistogram = LatencyHistogramResponse;
export type TraceScatter = ScatterResponse;
export type SparkSeries = SparklinesResponse;
export type EndpointDetail = EndpointDetailResponse;
export type EndpointRelation = EndpointDetailResponse['callers'][number];
export type SearchResults = SearchResponse;
