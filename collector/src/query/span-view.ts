import { mergeAttributes, untag } from '../ingest/otlp/attributes.js';

/** Columns every span read selects, in the shape `spanFromRow` turns into the API's span object. */
export const SPAN_SELECT = `
  lower(hex(trace_id)) AS trace_hex, lower(hex(span_id)) AS span_hex, lower(hex(parent_span_id)) AS parent_hex,
  trace_state, flags, name, kind, toString(toUnixTimestamp64Nano(timestamp)) AS start_ns, duration_ns,
  status_code, status_message, has_error, service, service_version, service_instance, host_name, entity_id,
  process_pid, container_id, k8s_pod_uid, scope_name, scope_version, http_method, http_route, http_status, url_path,
  url_full, server_address, server_port, db_system, db_namespace, db_operation, db_collection, db_statement,
  messaging_system, messaging_destination, rpc_system, rpc_service, rpc_method, peer_service,
  attributes, attributes_typed, resource_attributes, resource_attributes_typed,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), events.timestamp) AS event_ns, events.name AS event_names,
  events.attributes AS event_attributes, links.trace_id AS link_trace_ids, links.span_id AS link_span_ids,
  links.trace_state AS link_trace_states, links.attributes AS link_attributes`;

export interface SpanRow {
  [k: string]: unknown;
  trace_hex: string;
  span_hex: string;
  parent_hex: string;
  start_ns: string;
  duration_ns: number;
  attributes: Record<string, string>;
  attributes_typed: Record<string, string>;
  resource_attributes: Record<string, string>;
  resource_attributes_typed: Record<string, string>;
  event_ns: string[];
  event_names: string[];
  event_attributes: Record<string, string>[];
  link_trace_ids: string[];
  link_span_ids: string[];
  link_trace_states: string[];
  link_attributes: Record<string, string>[];
}

const untagAll = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, untag(v)]));
const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const PROMOTED = [
  'http_method',
  'http_route',
  'http_status',
  'url_path',
  'url_full',
  'server_address',
  'server_port',
  'db_system',
  'db_namespace',
  'db_operation',
  'db_collection',
  'db_statement',
  'messaging_system',
  'messaging_destination',
  'rpc_system',
  'rpc_service',
  'rpc_method',
  'peer_service',
];

export interface SpanView {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
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
  events: { timeUnixNano: string; name: string; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string; traceState: string; attributes: Record<string, unknown> }[];
}

export function spanFromRow(r: SpanRow): SpanView {
  const promoted: Record<string, string | number> = {};
  for (const k of PROMOTED) {
    const v = r[k] as string | number;
    if (v !== '' && v !== 0) promoted[k] = v;
  }
  const start = BigInt(r.start_ns);
  return {
    traceId: r.trace_hex,
    spanId: r.span_hex,
    parentSpanId: /^0+$/.test(r.parent_hex) ? '' : r.parent_hex,
    traceState: r.trace_state as string,
    flags: Number(r.flags),
    name: r.name as string,
    kind: Number(r.kind),
    kindName: KINDS[Number(r.kind)] ?? 'unspecified',
    startTimeUnixNano: r.start_ns,
    endTimeUnixNano: (start + BigInt(r.duration_ns)).toString(),
    durationNs: Number(r.duration_ns),
    status: { code: Number(r.status_code), message: r.status_message as string },
    hasError: Boolean(r.has_error),
    service: r.service as string,
    scope: { name: r.scope_name as string, version: r.scope_version as string },
    resource: mergeAttributes(r.resource_attributes, r.resource_attributes_typed),
    attributes: mergeAttributes(r.attributes, r.attributes_typed),
    promoted,
    infrastructure: {
      hostName: r.host_name as string,
      entityId: r.entity_id as string,
      processPid: Number(r.process_pid),
      containerId: r.container_id as string,
      k8sPodUid: r.k8s_pod_uid as string,
    },
    events: r.event_ns.map((t, i) => ({ timeUnixNano: t, name: r.event_names[i], attributes: untagAll(r.event_attributes[i] ?? {}) })),
    links: r.link_trace_ids.map((t, i) => ({
      traceId: t,
      spanId: r.link_span_ids[i],
      traceState: r.link_trace_states[i],
      attributes: untagAll(r.link_attributes[i] ?? {}),
    })),
  };
}
