import { resourceIdentity, resourceJson, type Resource, type Scope } from './resource.js';
import { toNumber } from './values.js';
import { str, takeRows, u32, type RowWriter } from '../../storage/row-binary.js';

/** Where a service runs, from its resource (the service_instances dimensions). */
export interface ResourceInfo {
  service: string;
  serviceVersion: string;
  serviceInstance: string;
  hostName: string;
  hostId: string;
  entityId: string;
  pid: number;
  containerId: string;
  podUid: string;
}

/** A resource's identity and its RowBinary cells (tenant .. resource_typed_json), computed once per group. */
export interface ResourceCells {
  info: ResourceInfo;
  bytes: Buffer;
}

/** process.pid as the reference builder reads it: an int value, else a numeric string; 0 when out of range. */
function pidOf(resource: Resource | undefined): number {
  let pid = 0;
  for (const kv of resource?.attributes ?? []) {
    if (kv.key === 'process.pid' && kv.value) pid = toNumber(kv.value.intValue ?? Number(kv.value.stringValue ?? 0));
  }
  return Number.isFinite(pid) && pid >= 0 && pid <= 4294967295 ? Math.trunc(pid) : 0;
}

/** SPAN_RESOURCE_COLUMNS cells of a resource in RowBinary (built in the scratch writer `w`), and its identity. */
export function resourceCells(w: RowWriter, tenant: string, resource: Resource | undefined): ResourceCells {
  const id = resourceIdentity(resource);
  const s = id.strings;
  const info: ResourceInfo = {
    service: id.service,
    serviceVersion: s['service.version'] ?? '',
    serviceInstance: s['service.instance.id'] ?? '',
    hostName: s['host.name'] ?? '',
    hostId: s['host.id'] ?? '',
    entityId: id.entityId,
    pid: pidOf(resource),
    containerId: s['container.id'] ?? '',
    podUid: s['k8s.pod.uid'] ?? '',
  };
  str(w, tenant);
  str(w, info.service);
  str(w, info.serviceVersion);
  str(w, info.serviceInstance);
  str(w, info.hostName);
  str(w, info.entityId);
  u32(w, info.pid);
  str(w, info.containerId);
  str(w, info.podUid);
  str(w, resourceJson(id.strings));
  str(w, resourceJson(id.typed));
  return { info, bytes: takeRows(w) };
}

/** SCOPE_COLUMNS cells (scope_name, scope_version) in RowBinary. */
export function scopeCells(w: RowWriter, scope: Scope | undefined): Buffer {
  str(w, scope?.name ?? '');
  str(w, scope?.version ?? '');
  return takeRows(w);
}
