/**
 * A CPU hog for the alert scenarios and bench/alerts: busy loops at raised priority that starve the traced services
 * (busy loops at the services' own priority only raised the frontend's median from ~12 to ~35 ms: a saturated
 * host, but nothing a user would be paged for). The process that runs the collector and agent (the test file's
 * fork, the benchmark) is raised above the hog first, as a collector on another machine would be, so the hog
 * starves the services and not their monitoring: starved with them, it saw nothing.
 *
 * Raising priority needs CAP_SYS_NICE (root in CI); `canRaisePriority()` says whether this process has it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, getPriority, setPriority } from 'node:os';

/**
 * Sets the nice value of every thread of a process, this one by default (Linux nice is per thread; chDB's pools
 * inherit it from the threads that start them). Throws when the process may not.
 */
export function niceProcess(nice: number, pid: number | 'self' = 'self'): void {
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      setPriority(Number(tid), nice);
    } catch (err) {
      // a thread that ended between the listing and the call
      if ((err as { info?: { code?: string } }).info?.code !== 'ESRCH') throw err;
    }
  }
}

/** whether this process may raise its priority (lower its nice value), tried on this thread and put back */
export function canRaisePriority(): boolean {
  const before = getPriority();
  try {
    setPriority(before - 1);
    setPriority(before);
    return true;
  } catch {
    return false;
  }
}

export interface CpuHog {
  /** how many busy loops run */
  loops: number;
  /** for a failure's message: loops still running, the CPU seconds they got, this process's threads' nice values */
  status(): { running: number; cpuSeconds: number; nice: { min: number; max: number; threads: number } };
  /** kills the loops and puts this process back at normal priority */
  stop(): void;
}

/**
 * Raises this process to nice -15 and starts busy loops at nice -10 (at least 6, 3 per CPU). Without the right to
 * raise priority it throws, having started nothing: at equal priority the hog would starve the monitoring too.
 * `above` are more processes raised with this one for the hog's time: the load generator, whose users are not on
 * this host (starved, it sent next to nothing and timed out on answers the services had given, so the frontend's
 * spans stayed fast and no incident opened: one CI run in ~10).
 */
export function startCpuHog(above: number[] = []): CpuHog {
  if (!canRaisePriority()) throw new Error('a CPU hog above the services needs the right to raise priority (CAP_SYS_NICE, root)');
  const raise = (nice: number) => {
    niceProcess(nice);
    for (const pid of above) niceProcess(nice, pid);
  };
  raise(-15);
  const hogs: ChildProcess[] = [];
  try {
    for (let i = 0; i < Math.max(6, 3 * availableParallelism()); i++) {
      const h = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
      hogs.push(h);
      setPriority(h.pid ?? 0, -10);
    }
  } catch (err) {
    for (const h of hogs) h.kill('SIGKILL');
    raise(0);
    throw err;
  }
  // threads this process starts later (chDB's pools, libuv's) inherit the nice value of the thread that starts
  // them; one started by a thread that missed the raise would run at the services' priority: raise again each second
  const again = setInterval(() => {
    try {
      raise(-15);
    } catch {
      // a raised process that ended (the load generator at the end): the next stop() puts the rest back
    }
  }, 1000);
  return {
    loops: hogs.length,
    status() {
      let cpuTicks = 0;
      for (const h of hogs) {
        try {
          // utime and stime: fields 14 and 15 of /proc/<pid>/stat, after the command in parentheses
          const f = readFileSync(`/proc/${h.pid ?? 0}/stat`, 'utf8')
            .split(') ')[1]
            .split(' ');
          cpuTicks += Number(f[11]) + Number(f[12]);
        } catch {
          // ended
        }
      }
      const nices = readdirSync('/proc/self/task').map((tid) => {
        try {
          return getPriority(Number(tid));
        } catch {
          return NaN;
        }
      });
      const known = nices.filter((n) => !Number.isNaN(n));
      return {
        running: hogs.filter((h) => h.exitCode === null && h.signalCode === null).length,
        cpuSeconds: cpuTicks / 100,
        nice: { min: Math.min(...known), max: Math.max(...known), threads: known.length },
      };
    },
    stop() {
      clearInterval(again);
      for (const h of hogs) h.kill('SIGKILL');
      raise(0);
    },
  };
}
