// Shapes of the alerting API: type-only aliases of the shared wire format (@argus/api common/api/src/alerts*.ts),
// so the pages and the collector cannot drift apart. Nothing here reaches the bundle.
import type { alertBlueprintsResponse, AlertView, channelTestResponse, detectThresholdResponse } from '@argus/api';

/** What a zod schema parses to (z.output without importing zod, which the UI does not depend on). */
type Out<T extends { _zod: { output: unknown } }> = T['_zod']['output'];

export type {
  AlertScope as Scope,
  AlertSignal as Signal,
  AlertSignalName as SignalName,
  AlertThreshold as Threshold,
  AlertChannelView as Channel,
  AlertNotificationView as Notification,
  IncidentResponse as IncidentDetail,
} from '@argus/api';

/** An alert rule with its evaluation status (GET /alerts, /alerts/:id). */
export type AlertRule = AlertView;
export type Blueprint = Out<typeof alertBlueprintsResponse>['blueprints'][number];
export type ThresholdSuggestion = Out<typeof detectThresholdResponse>;
export type ChannelTest = Out<typeof channelTestResponse>;

/**
 * An incident's `details` (declared as an open record in the schema; what the correlation writes, see the field's
 * description in alerts-events.ts). Every field optional: a fresh incident has only some of them.
 */
export interface IncidentDetails {
  rootCause?: { nodeId: string; name: string; kind: string; entityId?: string; explanation: string };
  candidates?: Array<{ nodeId: string; name: string; score: number; explains: number }>;
  affected?: string[];
  links?: Array<{ rel: string; href: string }>;
  timeline?: Array<{ time: number; what: string }>;
  exampleTraces?: Array<{ traceId: string; service: string; endpoint: string; startMs: number; durationMs: number; error: boolean }>;
  graph?: IncidentGraph;
}

/** The part of the dependency graph the incident touches (edges point to what a node depends on). */
export interface IncidentGraph {
  nodes: Array<{ id: string; kind: string; name: string; entityType?: string; entityId?: string }>;
  edges: Array<[string, string]>;
}
