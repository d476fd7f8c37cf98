import type { CollectResult, MetricPoint, SensorContext } from '@argus/sensor-kit';
import type { ContainerConfig } from './config.js';
import { readContainerMeta, type ContainerMeta } from './container-meta.js';
import { discoverContainers, type ContainerCgroup } from './discover.js';
import { detectLayout, discoveryRoot, type CgroupLayout } from './layout.js';
import { containerMetrics, containerSnapshot } from './metrics.js';
import { readStatsV1, readStatsV2, type ContainerStats } from './read-stats.js';

/**
 * One instance per agent: walks the cgroup tree every `rescanSeconds` and reads each container's stat files
 * every collect. A host without containers (or without cgroups) simply reports nothing.
 */
export function createContainerCollector(ctx: SensorContext<ContainerConfig>) {
  const cfg = ctx.config;
  let layout: CgroupLayout | undefined;
  let containers: ContainerCgroup[] = [];
  let scannedAt = -Infinity;
  const metas = new Map<string, ContainerMeta>();

  async function refresh(signal: AbortSignal): Promise<void> {
    if (Date.now() - scannedAt < cfg.rescanSeconds * 1000) return;
    layout ??= await detectLayout(cfg.sysRoot);
    const root = layout && discoveryRoot(layout);
    containers = root ? await discoverContainers(root, cfg.maxDepth, signal) : [];
    scannedAt = Date.now();
    const present = new Set(containers.map((c) => c.id));
    for (const id of metas.keys()) if (!present.has(id)) metas.delete(id);
    for (const c of containers) if (!metas.has(c.id)) metas.set(c.id, readContainerMeta(cfg, c.id, c.runtime));
  }

  const read = (l: CgroupLayout, c: ContainerCgroup, signal: AbortSignal): ContainerStats =>
    l.version === 2 ? readStatsV2(l.root, c.path, signal) : readStatsV1(l, c.path, cfg.clockTicks, signal);

  return {
    async collect(signal: AbortSignal): Promise<CollectResult> {
      await refresh(signal);
      const l = layout;
      if (!l || containers.length === 0) return { metrics: [], snapshots: [] };
      const stats = containers.map((c) => read(l, c, signal));
      const metrics: MetricPoint[] = [];
      const snapshots = [];
      for (let i = 0; i < containers.length; i++) {
        // a container removed since the last scan has no files left: skip it until the next rescan drops it
        if (stats[i].memoryUsage === undefined && stats[i].cpuSeconds === undefined) continue;
        containerMetrics(containers[i], stats[i], metrics);
        snapshots.push(containerSnapshot(containers[i], stats[i], ctx.hostEntityId, l.version, metas.get(containers[i].id)));
      }
      return { metrics, snapshots };
    },
    /** forces a rescan on the next collect (tests, or a runtime event) */
    rescan() {
      scannedAt = -Infinity;
    },
  };
}
