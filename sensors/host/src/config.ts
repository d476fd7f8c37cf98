import { regexSetting } from '@argus/sensor-kit';
import { z } from 'zod';

export const hostConfigSchema = z
  .object({
    /** prefix for statfs on mountpoints read from /proc/mounts: '' on the host, '/host/root' in a container */
    rootFs: z.string().default(''),
    /** also report system.cpu.time per logical cpu (the host-wide total is always reported) */
    perCpu: z.boolean().default(true),
    /** USER_HZ of /proc/stat; 100 on every mainstream Linux build */
    clockTicks: z.number().int().positive().default(100),
    /** statfs on NFS/CIFS/... can hang when the server is gone: off unless asked */
    includeNetworkFs: z.boolean().default(false),
    excludeFsTypes: z.array(z.string()).default([]),
    excludeDisks: regexSetting('excludeDisks', '^(loop|ram|fd|sr)\\d+$'),
    excludeInterfaces: regexSetting('excludeInterfaces', '^(veth|cali|flannel\\.|cni|lxc).*'),
    /** network counters below procRoot: `net/dev` is the agent's namespace; `1/net/dev` reads the host's (hostPID without hostNetwork) */
    netDevPath: z.string().min(1).default('net/dev'),
    /** how often /proc/mounts is re-read (statfs itself runs every collect) */
    mountsRefreshSeconds: z.number().positive().default(10),
  })
  .strict();

export type HostConfig = z.infer<typeof hostConfigSchema>;
