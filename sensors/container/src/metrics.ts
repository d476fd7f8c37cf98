import { containerEntityId, type Attributes, type EntitySnapshot, type MetricPoint } from '@argus/sensor-kit';
import { displayName, type ContainerMeta } from './container-meta.js';
import type { ContainerCgroup } from './discover.js';
import type { ContainerStats } from './read-stats.js';

/** Attributes that route a point to the container entity (lifted into the OTLP resource by the agent exporter). */
export function entityAttributes(c: ContainerCgroup): Attributes {
  const a: Attributes = { 'argus.entity.id': containerEntityId(c.id), 'argus.entity.type': 'container', 'container.id': c.id };
  if (c.podUid) a['k8s.pod.uid'] = c.podUid;
  return a;
}

export function containerMetrics(c: ContainerCgroup, s: ContainerStats, out: MetricPoint[]): void {
  const base = entityAttributes(c);
  const add = (name: string, unit: string, value: number | undefined, counter = false, extra?: Attributes) => {
    if (value === undefined || !Number.isFinite(value)) return;
    out.push({ name, unit, value, kind: counter ? 'counter' : 'gauge', attributes: extra ? { ...base, ...extra } : base });
  };
  add('container.cpu.time', 's', s.cpuSeconds, true);
  add('container.cpu.time.by_mode', 's', s.cpuUserSeconds, true, { state: 'user' });
  add('container.cpu.time.by_mode', 's', s.cpuSystemSeconds, true, { state: 'system' });
  add('container.cpu.throttling_data.periods', '{period}', s.periods, true);
  add('container.cpu.throttling_data.throttled_periods', '{period}', s.throttledPeriods, true);
  add('container.cpu.throttling_data.throttled_time', 's', s.throttledSeconds, true);
  add('container.cpu.limit', '{cpu}', s.cpuLimitCores);
  add('container.memory.usage', 'By', s.memoryUsage);
  add('container.memory.working_set', 'By', s.memoryWorkingSet);
  add('container.memory.cache', 'By', s.memoryCache);
  add('container.memory.rss', 'By', s.memoryRss);
  add('container.memory.limit', 'By', s.memoryLimit);
  if (s.memoryLimit && s.memoryWorkingSet !== undefined) add('container.memory.utilization', '1', s.memoryWorkingSet / s.memoryLimit);
  add('container.memory.oom_kills', '{kill}', s.oomKills, true);
  add('container.memory.limit_hits', '{event}', s.memoryLimitHits, true);
  add('container.pids.count', '{process}', s.pids);
}

export function containerSnapshot(
  c: ContainerCgroup,
  s: ContainerStats,
  hostEntityId: string,
  cgroupVersion: 1 | 2,
  meta: ContainerMeta = {},
): EntitySnapshot {
  const attributes: Attributes = {
    'container.id': c.id,
    'container.runtime': c.runtime,
    'cgroup.path': '/' + c.path,
    'cgroup.version': cgroupVersion,
  };
  if (c.podUid) attributes['k8s.pod.uid'] = c.podUid;
  if (meta.name) attributes['container.name'] = meta.name;
  if (meta.image) attributes['container.image.name'] = meta.image;
  if (meta.podName) attributes['k8s.pod.name'] = meta.podName;
  if (meta.namespace) attributes['k8s.namespace.name'] = meta.namespace;
  if (meta.containerName) attributes['k8s.container.name'] = meta.containerName;
  if (s.memoryLimit !== undefined) attributes['container.memory.limit'] = s.memoryLimit;
  if (s.cpuLimitCores !== undefined) attributes['container.cpu.limit'] = s.cpuLimitCores;
  return { id: containerEntityId(c.id), type: 'container', name: displayName(c.id, meta), parentId: hostEntityId, attributes };
}
