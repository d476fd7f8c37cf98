/**
 * A CPU limit on one process, to stand in for a smaller machine (bench/chaos/overload.ts `--cpus`): on this 2-core
 * machine a load generator beside an unlimited collector cannot offer 10x what the collector sustains (it offered
 * 2.4x), but it can beside a collector held to a fraction of a core. A CFS quota in a cgroup of its own: cgroup v2's
 * `cpu.max` where the cpu controller is there, else v1's `cpu.cfs_quota_us` (this machine: v1). Needs root.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PERIOD_US = 100_000;

export interface CpuLimit {
  /** the cgroup directory */
  dir: string;
  /** CPU seconds the process used so far (while it runs) */
  usedSeconds(): number;
  /** removes the group (after its processes have exited) */
  remove(): void;
}

function v2Root(): string | undefined {
  for (const root of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
    const ctl = join(root, 'cgroup.controllers');
    if (existsSync(ctl) && readFileSync(ctl, 'utf8').split(/\s+/).includes('cpu')) return root;
  }
  return undefined;
}

/** moves `pid` (every thread of it) into a new cgroup allowed `cpus` CPUs' worth of time per period */
export function limitCpu(pid: number, cpus: number): CpuLimit {
  if (!(cpus > 0)) throw new Error(`--cpus must be above 0, not ${cpus}`);
  const quota = Math.round(cpus * PERIOD_US);
  const v2 = v2Root();
  const dir = join(v2 ?? '/sys/fs/cgroup/cpu', `argus-bench-${pid}`);
  try {
    if (v2) writeFileSync(join(v2, 'cgroup.subtree_control'), '+cpu');
    mkdirSync(dir);
    if (v2) writeFileSync(join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
    else {
      writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
      writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota));
    }
    writeFileSync(join(dir, 'cgroup.procs'), String(pid));
  } catch (err) {
    throw new Error(`could not limit process ${pid} to ${cpus} CPUs (needs root and a cgroup cpu controller): ${String(err)}`);
  }
  return {
    dir,
    usedSeconds() {
      // utime + stime of the process (all its threads), in clock ticks of 1/100 s
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) / 100;
    },
    remove() {
      try {
        rmdirSync(dir);
      } catch {
        /* still has processes, or gone */
      }
    },
  };
}
