import type { EntitySnapshot } from '@argus/sensor-kit';
import type { ConnectionHints, IntakeIdentity, ResolvedProcess } from './types.js';

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string | { toNumber(): number };
  doubleValue?: number;
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}
export interface OtlpResource {
  attributes?: KeyValue[];
}
/** A ResourceSpans / ResourceMetrics entry: only its resource matters here. */
export interface ResourceEntry {
  resource?: OtlpResource | null;
}

function find(attrs: KeyValue[], key: string): AnyValue | undefined {
  for (const kv of attrs) if (kv.key === key) return kv.value ?? undefined;
  return undefined;
}

function str(attrs: KeyValue[], key: string): string | undefined {
  const v = find(attrs, key);
  if (!v) return undefined;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (v.intValue !== undefined && v.intValue !== null) return String(num(v));
  return undefined;
}

function num(v: AnyValue | undefined): number | undefined {
  if (!v) return undefined;
  const i = v.intValue;
  if (typeof i === 'number') return i;
  if (typeof i === 'string') return Number(i);
  if (i && typeof i === 'object' && typeof i.toNumber === 'function') return i.toNumber();
  if (typeof v.doubleValue === 'number') return v.doubleValue;
  if (typeof v.stringValue === 'string' && /^\d+$/.test(v.stringValue)) return Number(v.stringValue);
  return undefined;
}

function set(attrs: KeyValue[], key: string, value: string | number): void {
  const v: AnyValue = typeof value === 'number' ? { intValue: value } : { stringValue: value };
  for (const kv of attrs) {
    if (kv.key === key) {
      kv.value = v;
      return;
    }
  }
  attrs.push({ key, value: v });
}

export interface EnrichResult {
  /** the runtime snapshot of every distinct process seen in this request */
  runtimes: EntitySnapshot[];
}

/**
 * Adds host, container and entity identity to every resource of an OTLP request, in place.
 * The Node.js process becomes `nodejs:<host-id>:<pid>`, a child of its `process:...` entity.
 */
export function enrichResources(
  entries: ResourceEntry[],
  identity: IntakeIdentity,
  resolveProcess: (pid: number, hints: ConnectionHints) => ResolvedProcess | undefined,
  hints: Omit<ConnectionHints, 'hostName'>,
): EnrichResult {
  const runtimes = new Map<string, EntitySnapshot>();
  for (const entry of entries) {
    if (!entry.resource) entry.resource = { attributes: [] };
    if (!entry.resource.attributes) entry.resource.attributes = [];
    const attrs = entry.resource.attributes;
    const reportedPid = num(find(attrs, 'process.pid'));
    const reportedHost = str(attrs, 'host.name');
    if (reportedHost && reportedHost !== identity.hostName) set(attrs, 'host.hostname.reported', reportedHost);
    set(attrs, 'host.id', identity.hostId);
    set(attrs, 'host.name', identity.hostName);
    if (identity.zone) set(attrs, 'cloud.availability_zone', identity.zone);
    if (reportedPid === undefined || !Number.isFinite(reportedPid)) continue;
    let resolved: ResolvedProcess | undefined;
    try {
      resolved = resolveProcess(reportedPid, { ...hints, hostName: reportedHost });
    } catch {
      resolved = undefined;
    }
    const pid = resolved?.pid ?? reportedPid;
    const entityId = `nodejs:${identity.hostId}:${pid}`;
    if (pid !== reportedPid) set(attrs, 'process.pid', pid);
    if (resolved?.containerId) set(attrs, 'container.id', resolved.containerId);
    if (resolved?.podUid) set(attrs, 'k8s.pod.uid', resolved.podUid);
    if (resolved?.entityId) set(attrs, 'argus.process.entity.id', resolved.entityId);
    set(attrs, 'argus.entity.id', entityId);
    set(attrs, 'argus.entity.type', 'nodejs');
    if (!runtimes.has(entityId)) runtimes.set(entityId, snapshotOf(entityId, pid, attrs, identity, resolved));
  }
  return { runtimes: [...runtimes.values()] };
}

function snapshotOf(id: string, pid: number, attrs: KeyValue[], identity: IntakeIdentity, resolved?: ResolvedProcess): EntitySnapshot {
  const service = str(attrs, 'service.name') ?? `node ${pid}`;
  const out: EntitySnapshot['attributes'] = { 'process.pid': pid, 'host.id': identity.hostId };
  for (const key of [
    'service.name',
    'service.version',
    'process.runtime.version',
    'process.command',
    'telemetry.sdk.name',
    'telemetry.sdk.version',
    'container.id',
    'k8s.pod.uid',
  ]) {
    const v = str(attrs, key);
    if (v) out[key] = v;
  }
  return { id, type: 'nodejs', name: service, parentId: resolved?.entityId ?? identity.hostEntityId, attributes: out };
}
