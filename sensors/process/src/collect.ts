import {
  containerEntityId,
  hostIdOf,
  lastStatPass,
  processEntityId,
  readBootTimeMs,
  readProcStat,
  readText,
  settle,
  startTimeMs,
  type Attributes,
  type CollectResult,
  type EntitySnapshot,
  type MetricPoint,
  type ProcStat,
  type SensorContext,
  type SensorEvent,
} from '@argus/sensor-kit';
import type { ProcessConfig } from './config.js';
import { readIdentity, type ProcIdentity } from './proc-info.js';
import { createStickySelection, topPids } from './rank.js';
import { createRestartDetector } from './restarts.js';
import { processMetrics } from './sample.js';
import { createScanner } from './scan.js';

/**
 * Optional extension of the sensor context: the agent passes the pids it monitors with technology sensors so
 * they are always reported (their process snapshots come from the supervisor, so none are sent here).
 */
export interface ProcessSensorContext extends SensorContext<ProcessConfig> {
  matchedPids?: () => Iterable<number>;
}

interface Tracked {
  starttime: number;
  identity: ProcIdentity;
  entity: Attributes;
  snapshot: EntitySnapshot;
  prev?: { ticks: number; at: number };
}

export function createProcessCollector(ctx: ProcessSensorContext) {
  const cfg = ctx.config;
  const root = ctx.procRoot;
  const hostId = hostIdOf(ctx.hostEntityId);
  const bootMs = readBootTimeMs(root);
  const cpuCount = Math.max(1, ((readText(`${root}/stat`) ?? '').match(/^cpu\d+ /gm) ?? []).length);
  const includeRe = new RegExp(cfg.include);
  const scan = createScanner(root);
  const sticky = createStickySelection(cfg.stickySeconds * 1000);
  const restarts = createRestartDetector(cfg.restartWindowSeconds * 1000);
  const tracked = new Map<number, Tracked>();
  const fresh = new Map<number, ProcIdentity>();
  let lastScanAt = -Infinity;
  let forceScan = false;

  const track = (st: ProcStat, identity: ProcIdentity): Tracked => {
    const start = startTimeMs(bootMs, st.starttime);
    const id = processEntityId(hostId, { pid: st.pid, startTime: start });
    const entity: Attributes = { 'argus.entity.id': id, 'argus.entity.type': 'process', 'process.pid': st.pid };
    if (identity.containerId) entity['container.id'] = identity.containerId;
    if (identity.podUid) entity['k8s.pod.uid'] = identity.podUid;
    const attributes: Attributes = {
      'process.pid': st.pid,
      'process.parent_pid': st.ppid,
      'process.executable.name': st.comm,
      'process.executable.path': identity.exe,
      'process.command_line': identity.cmdline.join(' ').slice(0, 4096),
      'process.user.id': identity.uid,
      'process.start_time': start,
    };
    if (identity.containerId) attributes['container.id'] = identity.containerId;
    const parentId = identity.containerId ? containerEntityId(identity.containerId) : ctx.hostEntityId;
    return { starttime: st.starttime, identity, entity, snapshot: { id, type: 'process', name: st.comm, parentId, attributes } };
  };

  const forget = (pid: number, now: number) => {
    const t = tracked.get(pid);
    if (t) restarts.exited(t.identity.command, now);
    tracked.delete(pid);
  };

  /** a stat pass this fresh (e.g. the agent discovery's) is used for ranking instead of reading another */
  const SHARED_PASS_MS = 1000;
  /** stats of a pass this fresh also serve as this second's sample of the selected processes */
  const SAMPLE_PASS_MS = 300;

  function rank(now: number, events: SensorEvent[]): Map<number, ProcStat> | undefined {
    // a forced scan (a reported process vanished) must see processes started since the last pass
    const r = scan(forceScan ? 0 : SHARED_PASS_MS);
    for (const pid of r.removed) forget(pid, now);
    const chosen: number[] = [];
    if (!r.initial && restarts.pending(now) > 0) {
      for (const pid of r.added) {
        const st = r.stats.get(pid)!;
        const identity = readIdentity(root, pid, st.comm);
        const n = restarts.started(identity.command, now);
        if (n === undefined) continue;
        fresh.set(pid, identity);
        chosen.push(pid);
        const entityId = processEntityId(hostId, { pid, startTime: startTimeMs(bootMs, st.starttime) });
        events.push({
          severity: 'warning',
          code: 'PROCESS_RESTARTED',
          entityId,
          message: `${st.comm} restarted as pid ${pid} (${n} restart(s) seen)`,
        });
      }
    }
    const top = topPids(r.rows, cfg.topN);
    chosen.push(...top.byCpu, ...top.byMemory);
    const included = r.rows.filter((row) => includeRe.test(r.stats.get(row.pid)!.comm));
    included.sort((a, b) => b.cpuDelta - a.cpuDelta || b.rssPages - a.rssPages);
    for (const row of included.slice(0, cfg.maxIncluded)) chosen.push(row.pid);
    sticky.choose(chosen, now);
    lastScanAt = now;
    forceScan = false;
    return now - r.at <= SAMPLE_PASS_MS ? r.stats : undefined;
  }

  function collectNow(signal: AbortSignal): CollectResult {
    signal.throwIfAborted();
    const now = Date.now();
    const events: SensorEvent[] = [];
    let stats: Map<number, ProcStat> | undefined;
    const rankMs = cfg.rankIntervalSeconds * 1000;
    // rank when due, or early (after half the interval) when a fresh shared pass exists: the two 10-second
    // passes (this ranking and discovery's re-verification) then fall together and /proc is read once
    const shared = lastStatPass(root);
    const freshPass = shared !== undefined && now - shared.at <= SHARED_PASS_MS && shared.at > lastScanAt;
    if (forceScan || now - lastScanAt >= rankMs || (freshPass && now - lastScanAt >= rankMs / 2)) stats = rank(now, events);
    const matched = new Set(ctx.matchedPids?.() ?? []);
    if (matched.size) sticky.choose(matched, now);
    const selected = new Set(sticky.current(now, () => true));
    for (const pid of tracked.keys()) if (!selected.has(pid)) tracked.delete(pid);

    const metrics: MetricPoint[] = [];
    const snapshots: EntitySnapshot[] = [];
    for (const pid of selected) {
      const st = stats?.get(pid) ?? readProcStat(root, pid);
      let t = tracked.get(pid);
      if (t && (!st || st.starttime !== t.starttime)) {
        forget(pid, now);
        t = undefined;
        forceScan = true;
      }
      if (!st) {
        sticky.drop(pid);
        continue;
      }
      if (!t) {
        t = track(st, fresh.get(pid) ?? readIdentity(root, pid, st.comm));
        fresh.delete(pid);
        tracked.set(pid, t);
      }
      processMetrics(root, st, t.prev, now, cpuCount, t.entity, restarts.count(t.identity.command), metrics);
      t.prev = { ticks: st.utime + st.stime, at: now };
      if (!matched.has(pid)) snapshots.push(t.snapshot);
    }
    fresh.clear();
    return { metrics, snapshots, events };
  }

  return (signal: AbortSignal): Promise<CollectResult> => settle(() => collectNow(signal));
}
