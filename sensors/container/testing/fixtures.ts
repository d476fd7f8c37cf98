import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes files (relative path -> content) below root; used by tests to build cgroup trees. */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    await writeFile(join(root, rel), content);
  }
}

export const V2_CPU_STAT =
  'usage_usec 8310257\nuser_usec 5921050\nsystem_usec 2389207\ncore_sched.force_idle_usec 0\nnr_periods 1520\nnr_throttled 35\nthrottled_usec 912345\nnr_bursts 0\nburst_usec 0\n';
export const V2_MEMORY_STAT =
  'anon 20480000\nfile 10240000\nkernel 1024000\nkernel_stack 98304\npagetables 233472\nshmem 0\nactive_anon 19000000\ninactive_anon 1480000\nactive_file 6240000\ninactive_file 4000000\n';
export const V2_MEMORY_EVENTS = 'low 0\nhigh 0\nmax 12\noom 2\noom_kill 2\noom_group_kill 0\n';
export const V1_CPU_STAT = 'nr_periods 400\nnr_throttled 10\nthrottled_time 2500000000\n';
export const V1_CPUACCT_STAT = 'user 312\nsystem 88\n';
export const V1_MEMORY_STAT =
  'cache 8388608\nrss 16777216\nrss_huge 0\nshmem 0\nmapped_file 1048576\ninactive_file 2097152\nactive_file 6291456\n' +
  'hierarchical_memory_limit 536870912\ntotal_cache 8388608\ntotal_rss 16777216\ntotal_inactive_file 2097152\n';
