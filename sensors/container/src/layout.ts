import { access } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where the controllers live. cgroup v2 (unified): one tree at the root. cgroup v1 (and hybrid): one tree per
 * controller, `cpu,cpuacct` often co-mounted, the container's relative path the same in each tree.
 */
export type CgroupLayout = { version: 2; root: string } | { version: 1; memory?: string; cpu?: string; cpuacct?: string; pids?: string };

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

async function firstWith(root: string, dirs: string[], file: string): Promise<string | undefined> {
  for (const d of dirs) if (await exists(join(root, d, file))) return join(root, d);
  return undefined;
}

export async function detectLayout(sysRoot: string): Promise<CgroupLayout | undefined> {
  if (await exists(join(sysRoot, 'cgroup.controllers'))) return { version: 2, root: sysRoot };
  const [memory, cpu, cpuacct, pids] = await Promise.all([
    firstWith(sysRoot, ['memory'], 'memory.usage_in_bytes'),
    firstWith(sysRoot, ['cpu,cpuacct', 'cpuacct,cpu', 'cpu'], 'cpu.stat'),
    firstWith(sysRoot, ['cpu,cpuacct', 'cpuacct,cpu', 'cpuacct'], 'cpuacct.usage'),
    firstWith(sysRoot, ['pids'], 'cgroup.procs'),
  ]);
  if (!memory && !cpuacct) return undefined;
  return { version: 1, memory, cpu, cpuacct, pids };
}

/** The tree that is walked to find containers. */
export const discoveryRoot = (l: CgroupLayout): string | undefined => (l.version === 2 ? l.root : (l.memory ?? l.cpuacct));
