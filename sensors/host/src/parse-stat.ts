/** /proc/stat: per-CPU jiffies, context switches, process counters. See proc(5). */

/** Column order of the cpu lines; guest/guest_nice are already included in user/nice, so they are ignored. */
export const CPU_STATES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
export type CpuState = (typeof CPU_STATES)[number];

export interface CpuTimes {
  /** 'total' for the aggregate line, else the logical cpu number as a string */
  cpu: string;
  /** jiffies per state */
  ticks: Record<CpuState, number>;
}

export interface ProcStat {
  cpus: CpuTimes[];
  contextSwitches?: number;
  processesCreated?: number;
  procsRunning?: number;
  procsBlocked?: number;
  /** boot time, seconds since epoch */
  bootTime?: number;
}

export function parseProcStat(text: string): ProcStat {
  const out: ProcStat = { cpus: [] };
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    const key = parts[0];
    if (!key) continue;
    if (key.startsWith('cpu')) {
      const ticks = {} as Record<CpuState, number>;
      CPU_STATES.forEach((s, i) => (ticks[s] = Number(parts[i + 1] ?? 0) || 0));
      out.cpus.push({ cpu: key === 'cpu' ? 'total' : key.slice(3), ticks });
    } else if (key === 'ctxt') out.contextSwitches = Number(parts[1]);
    else if (key === 'processes') out.processesCreated = Number(parts[1]);
    else if (key === 'procs_running') out.procsRunning = Number(parts[1]);
    else if (key === 'procs_blocked') out.procsBlocked = Number(parts[1]);
    else if (key === 'btime') out.bootTime = Number(parts[1]);
  }
  return out;
}
