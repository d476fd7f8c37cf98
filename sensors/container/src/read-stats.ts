import { join } from 'node:path';
import { readTextUnder } from '@argus/sensor-kit';
import type { CgroupLayout } from './layout.js';
import { parseCfsQuota, parseCpuMax, parseKeyed, parseLimit, parseNumber } from './parse-cgroup-files.js';

/** Normalised container stats; cumulative values are totals since the cgroup was created. */
export interface ContainerStats {
  cpuSeconds?: number;
  cpuUserSeconds?: number;
  cpuSystemSeconds?: number;
  periods?: number;
  throttledPeriods?: number;
  throttledSeconds?: number;
  cpuLimitCores?: number;
  memoryUsage?: number;
  /** usage minus inactive file pages (what the kubelet evicts on) */
  memoryWorkingSet?: number;
  memoryCache?: number;
  memoryRss?: number;
  memoryLimit?: number;
  oomKills?: number;
  /** times the memory limit was hit (v2 memory.events max, v1 memory.failcnt) */
  memoryLimitHits?: number;
  pids?: number;
}

export function readStatsV2(root: string, path: string, signal?: AbortSignal): ContainerStats {
  const dir = join(root, path);
  const [cpuStat, cpuMax, current, max, stat, events, pids] = [
    'cpu.stat',
    'cpu.max',
    'memory.current',
    'memory.max',
    'memory.stat',
    'memory.events',
    'pids.current',
  ].map((f) => readTextUnder(dir, f, signal));
  const cpu = parseKeyed(cpuStat);
  const mem = parseKeyed(stat);
  const ev = parseKeyed(events);
  const usage = parseNumber(current);
  const us = (k: string) => (cpu.has(k) ? cpu.get(k)! / 1e6 : undefined);
  return {
    cpuSeconds: us('usage_usec'),
    cpuUserSeconds: us('user_usec'),
    cpuSystemSeconds: us('system_usec'),
    periods: cpu.get('nr_periods'),
    throttledPeriods: cpu.get('nr_throttled'),
    throttledSeconds: us('throttled_usec'),
    cpuLimitCores: parseCpuMax(cpuMax),
    memoryUsage: usage,
    memoryWorkingSet: usage !== undefined ? Math.max(0, usage - (mem.get('inactive_file') ?? 0)) : undefined,
    memoryCache: mem.get('file'),
    memoryRss: mem.get('anon'),
    memoryLimit: parseLimit(max),
    oomKills: ev.get('oom_kill'),
    memoryLimitHits: ev.get('max'),
    pids: parseNumber(pids),
  };
}

export function readStatsV1(
  l: Extract<CgroupLayout, { version: 1 }>,
  path: string,
  clockTicks: number,
  signal?: AbortSignal,
): ContainerStats {
  const r = (base: string | undefined, file: string) => (base ? readTextUnder(join(base, path), file, signal) : undefined);
  const [usage, acctStat, cpuStat, quota, period, memUsage, memLimit, memStat, oom, failcnt, pids] = [
    r(l.cpuacct, 'cpuacct.usage'),
    r(l.cpuacct, 'cpuacct.stat'),
    r(l.cpu, 'cpu.stat'),
    r(l.cpu, 'cpu.cfs_quota_us'),
    r(l.cpu, 'cpu.cfs_period_us'),
    r(l.memory, 'memory.usage_in_bytes'),
    r(l.memory, 'memory.limit_in_bytes'),
    r(l.memory, 'memory.stat'),
    r(l.memory, 'memory.oom_control'),
    r(l.memory, 'memory.failcnt'),
    r(l.pids, 'pids.current'),
  ];
  const acct = parseKeyed(acctStat);
  const cpu = parseKeyed(cpuStat);
  const mem = parseKeyed(memStat);
  const used = parseNumber(memUsage);
  const ns = parseNumber(usage);
  return {
    cpuSeconds: ns !== undefined ? ns / 1e9 : undefined,
    cpuUserSeconds: acct.has('user') ? acct.get('user')! / clockTicks : undefined,
    cpuSystemSeconds: acct.has('system') ? acct.get('system')! / clockTicks : undefined,
    periods: cpu.get('nr_periods'),
    throttledPeriods: cpu.get('nr_throttled'),
    throttledSeconds: cpu.has('throttled_time') ? cpu.get('throttled_time')! / 1e9 : undefined,
    cpuLimitCores: parseCfsQuota(quota, period),
    memoryUsage: used,
    memoryWorkingSet:
      used !== undefined ? Math.max(0, used - (mem.get('total_inactive_file') ?? mem.get('inactive_file') ?? 0)) : undefined,
    memoryCache: mem.get('total_cache') ?? mem.get('cache'),
    memoryRss: mem.get('total_rss') ?? mem.get('rss'),
    memoryLimit: parseLimit(memLimit),
    // oom_kill appears in memory.oom_control from Linux 4.13
    oomKills: parseKeyed(oom).get('oom_kill'),
    memoryLimitHits: parseNumber(failcnt),
    pids: parseNumber(pids),
  };
}
