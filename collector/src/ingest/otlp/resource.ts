import { splitAttributes, type KeyValue } from './attributes.js';
import { toNumber } from './values.js';
import { tsvMap, tsvString } from '../../storage/tsv.js';

export interface Resource {
  attributes?: KeyValue[];
}
export interface Scope {
  name?: string;
  version?: string;
  attributes?: KeyValue[];
}

export const RESOURCE_COLUMNS = [
  'tenant',
  'service',
  'service_version',
  'service_instance',
  'host_name',
  'entity_id',
  'process_pid',
  'container_id',
  'k8s_pod_uid',
  'resource_attributes',
  'resource_attributes_typed',
] as const;
/**
 * The resource columns of a span row: as RESOURCE_COLUMNS (logs), but the two attribute maps stored as one JSON
 * object each in LowCardinality columns (migration 009): a process's spans share one resource, so a part's
 * dictionary holds a few values where Map columns held every key and value of every span.
 */
export const SPAN_RESOURCE_COLUMNS = [...RESOURCE_COLUMNS.slice(0, -2), 'resource_json', 'resource_typed_json'] as const;
export const SCOPE_COLUMNS = ['scope_name', 'scope_version'] as const;

/** A resource attribute map as stored in resource_json / resource_typed_json: its JSON object, '' when empty. */
export function resourceJson(map: Record<string, string>): string {
  for (const _ in map) return JSON.stringify(map);
  return '';
}

export interface ResourceIdentity {
  service: string;
  entityId: string;
  strings: Record<string, string>;
  typed: Record<string, string>;
}

export function resourceIdentity(resource: Resource | undefined): ResourceIdentity {
  const { strings, typed } = splitAttributes(resource?.attributes);
  return { service: strings['service.name'] || 'unknown_service', entityId: strings['argus.entity.id'] ?? '', strings, typed };
}

/**
 * The resource part of a row (computed once per ResourceSpans), tab-terminated: RESOURCE_COLUMNS, or with `json`
 * SPAN_RESOURCE_COLUMNS (the maps as resource_json / resource_typed_json).
 */
export function resourceSegment(tenant: string, resource: Resource | undefined, json = false): string {
  const id = resourceIdentity(resource);
  const s = id.strings;
  let pid = 0;
  for (const kv of resource?.attributes ?? []) {
    if (kv.key === 'process.pid' && kv.value) pid = toNumber(kv.value.intValue ?? Number(kv.value.stringValue ?? 0));
  }
  if (!Number.isFinite(pid) || pid < 0 || pid > 4294967295) pid = 0;
  return (
    [
      tsvString(tenant),
      tsvString(id.service),
      tsvString(s['service.version'] ?? ''),
      tsvString(s['service.instance.id'] ?? ''),
      tsvString(s['host.name'] ?? ''),
      tsvString(id.entityId),
      String(Math.trunc(pid)),
      tsvString(s['container.id'] ?? ''),
      tsvString(s['k8s.pod.uid'] ?? ''),
      json ? tsvString(resourceJson(id.strings)) : tsvMap(id.strings),
      json ? tsvString(resourceJson(id.typed)) : tsvMap(id.typed),
    ].join('\t') + '\t'
  );
}

export function scopeSegment(scope: Scope | undefined): string {
  return `${tsvString(scope?.name ?? '')}\t${tsvString(scope?.version ?? '')}\t`;
}
