/**
 * Identity of a technology entity (nginx, postgres, redis ...) monitored by a process-scope sensor:
 * `<technology>:<host-id>:<port>`, a child of the process entity that runs it.
 */
import { hostIdOf, processEntityId, technologyEntityId } from './ids.js';
import type { Attributes, MetricPoint, ProcessInfo, SensorContext } from './types.js';

export interface TechIdentity {
  entityId: string;
  /** process entity that runs the technology */
  parentId: string;
  /** adds the entity's resource attributes to points when the agent's resource does not name this entity */
  tag(points: MetricPoint[]): MetricPoint[];
}

export function techIdentity(
  ctx: Pick<SensorContext, 'hostEntityId' | 'resource'>,
  technology: string,
  portOrPid: number | string,
  proc: Pick<ProcessInfo, 'pid' | 'startTime'>,
): TechIdentity {
  const hostId = hostIdOf(ctx.hostEntityId);
  const entityId = technologyEntityId(technology, hostId, portOrPid);
  const resourceId = ctx.resource['argus.entity.id'];
  const extra: Attributes | undefined =
    resourceId === entityId ? undefined : { 'argus.entity.id': entityId, 'argus.entity.type': technology };
  return {
    entityId,
    parentId: processEntityId(hostId, proc),
    tag(points) {
      if (!extra) return points;
      for (const p of points) p.attributes = p.attributes ? { ...p.attributes, ...extra } : extra;
      return points;
    },
  };
}
