import { isKernelThread, readStatPass, type ProcStat } from '@argus/sensor-kit';
import type { RankInput } from './rank.js';

/**
 * The full scan used for ranking: stat of every pid (one small read each, through the pass shared with the
 * agent's discovery, see readStatPass), CPU ticks since the previous scan. Kernel threads are skipped.
 * Returns every live user-space process, the pids that vanished, and when the stats were read.
 */
export function createScanner(procRoot: string) {
  let known = new Map<number, { starttime: number; ticks: number }>();
  let first = true;

  return function scan(maxAgeMs = 0): {
    rows: RankInput[];
    stats: Map<number, ProcStat>;
    at: number;
    added: number[];
    removed: number[];
    initial: boolean;
  } {
    const pass = readStatPass(procRoot, first ? 0 : maxAgeMs);
    const next = new Map<number, { starttime: number; ticks: number }>();
    const rows: RankInput[] = [];
    const stats = new Map<number, ProcStat>();
    const added: number[] = [];
    for (const st of pass.stats.values()) {
      if (isKernelThread(st)) continue;
      const ticks = st.utime + st.stime;
      const prev = known.get(st.pid);
      const same = prev !== undefined && prev.starttime === st.starttime;
      if (!same) added.push(st.pid);
      // a process new since the last scan used all of its ticks inside the window
      rows.push({ pid: st.pid, cpuDelta: same ? ticks - prev.ticks : ticks, rssPages: st.rssPages });
      next.set(st.pid, { starttime: st.starttime, ticks });
      stats.set(st.pid, st);
    }
    const removed: number[] = [];
    for (const [pid, v] of known) if (next.get(pid)?.starttime !== v.starttime) removed.push(pid);
    known = next;
    const initial = first;
    first = false;
    return { rows, stats, at: pass.at, added, removed, initial };
  };
}
