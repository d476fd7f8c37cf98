import type { EntitySnapshot } from '@argus/sensor-kit';
import { attrNumber, attrString, setAttr, type WireResource } from './resource-attrs.js';
import type { ConnectionHints, IntakeIdentity, ResolvedProcess } from './types.js';

/**
 * Adds host, container and entity identity to one resource, in place. The Node.js process becomes
 * `nodejs:<host-id>:<pid>`, a child of its `process:...` entity; returns its snapshot (undefined without a pid).
 */
export function enrichResource(
  res: WireResource,
  identity: IntakeIdentity,
  resolveProcess: (pid: number, hints: ConnectionHints) => ResolvedProcess | undefined,
  hints: Omit<ConnectionHints, 'hostName'>,
): EntitySnapshot | undefined {
  const reportedPid = attrNumber(res, 'process.pid');
  const reportedHost = attrString(res, 'host.name');
  if (reportedHost && reportedHost !== identity.hostName) setAttr(res, 'host.hostname.reported', reportedHost);
  setAttr(res, 'host.id', identity.hostId);
  setAttr(res, 'host.name', identity.hostName);
  if (identity.zone) setAttr(res, 'cloud.availability_zone', identity.zone);
  if (reportedPid === undefined || !Number.isFinite(reportedPid)) return undefined;
  let resolved: ResolvedProcess | undefined;
  try {
    resolved = resolveProcess(reportedPid, { ...hints, hostName: reportedHost });
  } catch {
    resolved = undefined;
  }
  const pid = resolved?.pid ?? reportedPid;
  const entityId = `nodejs:${identity.hostId}:${pid}`;
  if (pid !== reportedPid) setAttr(res, 'process.pid', pid);
  if (resolved?.containerId) setAttr(res, 'container.id', resolved.containerId);
  if (resolved?.podUid) setAttr(res, 'k8s.pod.uid', resolved.podUid);
  if (resolved?.entityId) setAttr(res, 'argus.process.entity.id', resolved.entityId);
  setAttr(res, 'argus.entity.id', entityId);
  setAttr(res, 'argus.entity.type', 'nodejs');
  return snapshotOf(entityId, pid, res, identity, resolved);
}

const SNAPSHOT_KEYS = [
  'service.name',
  'service.version',
  'process.runtime.version',
  'process.command',
  'telemetry.sdk.name',
  'telemetry.sdk.version',
  'container.id',
  'k8s.pod.uid',
];

function snapshotOf(id: string, pid: number, res: WireResource, identity: IntakeIdentity, resolved?: ResolvedProcess): EntitySnapshot {
  const service = attrString(res, 'service.name') ?? `node ${pid}`;
  const out: EntitySnapshot['attributes'] = { 'process.pid': pid, 'host.id': identity.hostId };
  for (const key of SNAPSHOT_KEYS) {
    const v = attrString(res, key);
    if (v) out[key] = v;
  }
  return { id, type: 'nodejs', name: service, parentId: resolved?.entityId ?? identity.hostEntityId, attributes: out };
}
