import { readTextUnder, type CollectResult, type EntitySnapshot, type MetricPoint, type SensorContext } from '@argus/sensor-kit';
import type { HostConfig } from './config.js';
import { createCpuMetrics } from './cpu-metrics.js';
import { filesystemMetrics } from './fs-metrics.js';
import { diskMetrics, networkMetrics } from './io-metrics.js';
import { memoryMetrics } from './memory-metrics.js';
import { parseDiskstats } from './parse-diskstats.js';
import { memoryFacts, parseMeminfo } from './parse-meminfo.js';
import { parseFileNr, parseLoadavg, parseUptime } from './parse-misc.js';
import { parseMounts, selectFilesystems, type MountEntry } from './parse-mounts.js';
import { parseNetDev } from './parse-net-dev.js';
import { parseProcStat } from './parse-stat.js';
import { hostSnapshot, readHostFacts } from './snapshot.js';

export function createHostCollector(ctx: SensorContext<HostConfig>) {
  const cfg = ctx.config;
  const root = ctx.procRoot;
  const facts = readHostFacts(root, cfg.rootFs);
  const cpuMetrics = createCpuMetrics({ clockTicks: cfg.clockTicks, perCpu: cfg.perCpu });
  const excludeDisks = new RegExp(cfg.excludeDisks);
  const excludeIfaces = new RegExp(cfg.excludeInterfaces);
  let mounts: MountEntry[] = [];
  let mountsReadAt = -Infinity;
  let snapshot: EntitySnapshot | undefined;

  function currentMounts(signal: AbortSignal): MountEntry[] {
    if (Date.now() - mountsReadAt < cfg.mountsRefreshSeconds * 1000) return mounts;
    const text = readTextUnder(root, 'mounts', signal);
    mountsReadAt = Date.now();
    mounts = text ? selectFilesystems(parseMounts(text), { includeNetwork: cfg.includeNetworkFs, excludeTypes: cfg.excludeFsTypes }) : [];
    return mounts;
  }

  return async function collect(signal: AbortSignal): Promise<CollectResult> {
    const read = (rel: string) => readTextUnder(root, rel, signal);
    const [stat, meminfo, loadavg, uptime, fileNr, diskstats, netdev] = [
      read('stat'),
      read('meminfo'),
      read('loadavg'),
      read('uptime'),
      read('sys/fs/file-nr'),
      read('diskstats'),
      read(cfg.netDevPath),
    ];
    const fsList = currentMounts(signal);
    const out: MetricPoint[] = [];
    const parsedStat = stat ? parseProcStat(stat) : undefined;
    if (parsedStat) cpuMetrics(parsedStat, out);
    const mem = meminfo ? memoryFacts(parseMeminfo(meminfo)) : undefined;
    if (mem) memoryMetrics(mem, out);
    const load = loadavg ? parseLoadavg(loadavg) : undefined;
    if (load) {
      out.push({ name: 'system.cpu.load_average.1m', unit: '{thread}', value: load[0] });
      out.push({ name: 'system.cpu.load_average.5m', unit: '{thread}', value: load[1] });
      out.push({ name: 'system.cpu.load_average.15m', unit: '{thread}', value: load[2] });
    }
    const up = uptime ? parseUptime(uptime) : undefined;
    if (up !== undefined) out.push({ name: 'system.uptime', unit: 's', value: up });
    const files = fileNr ? parseFileNr(fileNr) : undefined;
    if (files) {
      out.push({ name: 'system.file_handles.usage', unit: '{handle}', value: files.allocated });
      out.push({ name: 'system.file_handles.limit', unit: '{handle}', value: files.max });
    }
    if (diskstats) diskMetrics(parseDiskstats(diskstats, excludeDisks), out);
    if (netdev) networkMetrics(parseNetDev(netdev, excludeIfaces), out);
    signal.throwIfAborted();
    await filesystemMetrics(cfg.rootFs, fsList, out);

    const cpuCount = parsedStat ? parsedStat.cpus.length - 1 : 0;
    const next = hostSnapshot(ctx.hostEntityId, ctx.resource, facts, mem?.total ?? 0, cpuCount);
    if (!snapshot || JSON.stringify(next) !== JSON.stringify(snapshot)) snapshot = next;
    return { metrics: out, snapshots: [snapshot] };
  };
}
