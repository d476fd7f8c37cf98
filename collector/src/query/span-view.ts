import type { Span } from '@argus/api';
import { untag } from '../ingest/otlp/attributes.js';
import { PROMOTED_COLUMNS } from '../ingest/otlp/promoted.js';

/**
 * A span's resource attribute map (`resource_attributes` / `resource_attributes_typed` as read): since migration 009
 * stored as the JSON object of the map in a LowCardinality column (resource_json / resource_typed_json); spans stored
 * before keep their Map column and an empty JSON column. The JSON is parsed for every row read: right for the rows a view
 * returns; filters over many rows use resourceAttributeEquals.
 */
const resourceMap = (json: string, map: string) =>
  `if(${json} = '', ${map}, CAST(JSONExtract(${json}, 'Map(String, String)'), 'Map(LowCardinality(String), String)'))`;
export const RESOURCE_ATTRIBUTES_EXPR = resourceMap('resource_json', 'resource_attributes');
export const RESOURCE_TYPED_EXPR = resourceMap('resource_typed_json', 'resource_attributes_typed');

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A condition on a span's string resource attribute `key` = `value` (query parameters named `param`...), as
 * `RESOURCE_ATTRIBUTES_EXPR[key] = value` means, written so that it runs on the LowCardinality dictionary: rows stored
 * before migration 009 by their map, newer rows by the text `"key":"value"` in their JSON object (JSON.stringify wrote
 * the object and writes the pattern, so the text is exact; a quote inside a key or value is escaped, so a pattern
 * cannot match across them). Parsing the JSON ran per row (~0.4 µs per span scanned); LIKE runs once per distinct
 * value. An empty value also matches a missing key, as a map read does: that case parses.
 */
export function resourceAttributeEquals(key: string, value: string, param: string): { sql: string; params: Record<string, string> } {
  const [k, v, p] = [`${param}k`, `${param}v`, `${param}p`];
  if (value === '') return { sql: `${RESOURCE_ATTRIBUTES_EXPR}[{${k}:String}] = ''`, params: { [k]: key } };
  return {
    sql: `(resource_json = '' AND resource_attributes[{${k}:String}] = {${v}:String} OR resource_json LIKE {${p}:String})`,
    params: { [k]: key, [v]: value, [p]: `%${likeEscape(`${JSON.stringify(key)}:${JSON.stringify(value)}`)}%` },
  };
}

/** Columns every span read selects, in the shape `spanFromRow` turns into the API's span object. */
export const SPAN_SELECT = `
  lower(hex(trace_id)) AS trace_hex, lower(hex(span_id)) AS span_hex, lower(hex(parent_span_id)) AS parent_hex,
  trace_state, flags, name, kind, toString(toUnixTimestamp64Nano(timestamp)) AS start_ns, duration_ns,
  status_code, status_message, has_error, service, service_version, service_instance, host_name, entity_id,
  process_pid, container_id, k8s_pod_uid, scope_name, scope_version, http_method, http_route, http_status, url_path,
  url_full, server_address, server_port, db_system, db_namespace, db_operation, db_collection, db_statement,
  messaging_system, messaging_destination, rpc_system, rpc_service, rpc_method, peer_service,
  attributes, attributes_typed, ${RESOURCE_ATTRIBUTES_EXPR} AS resource_map,
  ${RESOURCE_TYPED_EXPR} AS resource_typed_map,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), events.timestamp) AS event_ns, events.name AS event_names,
  events.attributes AS event_attributes, links.trace_id AS link_trace_ids, links.span_id AS link_span_ids,
  links.trace_state AS link_trace_states, links.attributes AS link_attributes`;

export interface SpanRow extends Record<(typeof PROMOTED_COLUMNS)[number], string | number> {
  trace_hex: string;
  trace_state: string;
  flags: number;
  name: string;
  kind: number;
  status_code: number;
  status_message: string;
  has_error: number | boolean;
  service: string;
  host_name: string;
  entity_id: string;
  process_pid: number;
  container_id: string;
  k8s_pod_uid: string;
  scope_name: string;
  scope_version: string;
  span_hex: string;
  parent_hex: string;
  start_ns: string;
  duration_ns: number;
  attributes: Record<string, string>;
  attributes_typed: Record<string, string>;
  resource_map: Record<string, string>;
  resource_typed_map: Record<string, string>;
  event_ns: string[];
  event_names: string[];
  event_attributes: Record<string, string>[];
  link_trace_ids: string[];
  link_span_ids: string[];
  link_trace_states: string[];
  link_attributes: Record<string, string>[];
}

/** The string map with the typed values decoded into it: the row's own maps (each read makes new ones), so no copy. */
function merged(strings: Record<string, string>, typed: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = strings;
  for (const k in typed) out[k] = untag(typed[k]);
  return out;
}

const untagAll = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, untag(v)]));
const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;

/** A `spans` row (SPAN_SELECT) as the API's span object. */
export function spanFromRow(r: SpanRow): Span {
  const promoted: Record<string, string | number> = {};
  for (const k of PROMOTED_COLUMNS) {
    const v = r[k];
    if (v !== '' && v !== 0) promoted[k] = v;
  }
  const start = BigInt(r.start_ns);
  return {
    traceId: r.trace_hex,
    spanId: r.span_hex,
    parentSpanId: /^0+$/.test(r.parent_hex) ? '' : r.parent_hex,
    traceState: r.trace_state,
    flags: Number(r.flags),
    name: r.name,
    kind: Number(r.kind),
    kindName: KINDS[Number(r.kind)] ?? 'unspecified',
    startTimeUnixNano: r.start_ns,
    endTimeUnixNano: (start + BigInt(r.duration_ns)).toString(),
    durationNs: Number(r.duration_ns),
    status: { code: Number(r.status_code), message: r.status_message },
    hasError: Boolean(r.has_error),
    service: r.service,
    scope: { name: r.scope_name, version: r.scope_version },
    resource: merged(r.resource_map, r.resource_typed_map),
    attributes: merged(r.attributes, r.attributes_typed),
    promoted,
    infrastructure: {
      hostName: r.host_name,
      entityId: r.entity_id,
      processPid: Number(r.process_pid),
      containerId: r.container_id,
      k8sPodUid: r.k8s_pod_uid,
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
