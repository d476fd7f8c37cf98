import { z } from 'zod';

export const containerConfigSchema = z
  .object({
    /** cgroup mount: /sys/fs/cgroup on the host, /host/sys/fs/cgroup in a DaemonSet */
    sysRoot: z.string().min(1, 'sysRoot must be a path').default('/sys/fs/cgroup'),
    /** how often the cgroup tree is walked for new/removed containers (stats are read every collect) */
    rescanSeconds: z.number().positive().default(5),
    /** directory levels searched below the cgroup root (kubepods.slice/kubepods-burstable.slice/...-pod.slice/cri-containerd-x.scope is 4) */
    maxDepth: z.number().int().min(1).max(16).default(8),
    /** runtime state read once per container for its name, image and pod (prefix with /host in a DaemonSet) */
    dockerRoot: z.string().default('/var/lib/docker'),
    containerdTaskRoot: z.string().default('/run/containerd/io.containerd.runtime.v2.task'),
    crioRoot: z.string().default('/var/lib/containers/storage/overlay-containers'),
    /** USER_HZ for cgroup v1 cpuacct.stat */
    clockTicks: z.number().int().positive().default(100),
  })
  .strict();

export type ContainerConfig = z.infer<typeof containerConfigSchema>;
