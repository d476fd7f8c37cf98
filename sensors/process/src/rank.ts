/** Pure selection logic: which pids are reported this cycle. */
export interface RankInput {
  pid: number;
  /** CPU ticks used since the previous full scan (0 for new processes) */
  cpuDelta: number;
  rssPages: number;
}

export function topPids(rows: readonly RankInput[], n: number): { byCpu: number[]; byMemory: number[] } {
  if (n === 0) return { byCpu: [], byMemory: [] };
  const byCpu = rows
    .filter((r) => r.cpuDelta > 0)
    .sort((a, b) => b.cpuDelta - a.cpuDelta || a.pid - b.pid)
    .slice(0, n)
    .map((r) => r.pid);
  const byMemory = [...rows]
    .sort((a, b) => b.rssPages - a.rssPages || a.pid - b.pid)
    .slice(0, n)
    .map((r) => r.pid);
  return { byCpu, byMemory };
}

/** Keeps pids selected for at least `stickyMs` after they were last chosen. */
export function createStickySelection(stickyMs: number) {
  const lastChosen = new Map<number, number>();
  return {
    choose(pids: Iterable<number>, now: number): void {
      for (const p of pids) lastChosen.set(p, now);
    },
    current(now: number, alive: (pid: number) => boolean): number[] {
      const out: number[] = [];
      for (const [pid, at] of lastChosen) {
        if (now - at > stickyMs || !alive(pid)) lastChosen.delete(pid);
        else out.push(pid);
      }
      return out.sort((a, b) => a - b);
    },
    drop(pid: number): void {
      lastChosen.delete(pid);
    },
  };
}
