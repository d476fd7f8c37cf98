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
export const SCOPE_COLUMNS = ['scope_name', 'scope_version'] as const;

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

/** The resource part of a span row (computed once per ResourceSpans), tab-terminated. */
export function resourceSegment(tenant: string, resource: Resource | undefined): string {
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
      tsvMap(id.strings),
      tsvMap(id.typed),
    ].join('\t') + '\t'
  );
}

export function scopeSegment(scope: Scope | undefined): string {
  return `${tsvString(scope?.name ?? '')}\t${tsvString(scope?.version ?? '')}\t`;
}
