/** CPU (% of one core) and RSS of a process tree, sampled from /proc every second. */
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = 100;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function statOf(pid: number): { ppid: number; ticks: number } | null {
  const s = read(`/proc/${pid}/stat`);
  if (!s) return null;
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) * 1024 : 0;
}

/** pid and all its descendants */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = statOf(Number(name));
    if (!st) continue;
    const list = children.get(st.ppid) ?? [];
    list.push(Number(name));
    children.set(st.ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

export function countProcesses(): number {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
}

export interface Sample {
  at: number;
  cpuPct: number;
  rss: number;
}

/** Samples one process tree: call tick() every second; CPU of processes that exited in between is lost. */
export function createMeter(root: number, tree: boolean) {
  let prev = new Map<number, number>();
  let prevAt = 0;
  const samples: Sample[] = [];
  let firstTicks = -1;
  let lastTicks = 0;
  return {
    tick(at: number) {
      const pids = tree ? processTree(root) : [root];
      const now = new Map<number, number>();
      let total = 0;
      let delta = 0;
      let rss = 0;
      for (const pid of pids) {
        const st = statOf(pid);
        if (!st) continue;
        now.set(pid, st.ticks);
        total += st.ticks;
        delta += st.ticks - (prev.get(pid) ?? st.ticks);
        rss += rssBytes(pid);
      }
      if (prevAt) samples.push({ at, cpuPct: (delta / CLK_TCK / ((at - prevAt) / 1000)) * 100, rss });
      if (firstTicks < 0) firstTicks = total;
      lastTicks = total;
      prev = now;
      prevAt = at;
    },
    samples,
    /** total CPU seconds over the measured window (first to last tick) */
    cpuSeconds: () => (lastTicks - Math.max(0, firstTicks)) / CLK_TCK,
  };
}

export const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const percentile = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
