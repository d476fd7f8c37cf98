import { regexSetting } from '@argus/sensor-kit';
import { z } from 'zod';

export const processConfigSchema = z
  .object({
    /** how many processes to report by CPU and, separately, by resident memory */
    topN: z.number().int().min(0).max(200).default(10),
    /** full /proc scan (stat of every pid) used to rank processes; selected processes are sampled every second */
    rankIntervalSeconds: z.number().positive().default(10),
    /** a process that left the top N stays reported this long, so charts do not flap */
    stickySeconds: z.number().min(0).default(60),
    /**
     * processes always reported, by comm name (regular expression). Defaults to what the bundled technology
     * sensors monitor; the agent can also pass the exact pids it matched (see ProcessSensorContext).
     */
    include: regexSetting('include', '^(nginx|postgres|postmaster|redis-server|node|java|python3?|ruby|php-fpm.*|mysqld|mongod)$'),
    /** at most this many `include` matches are reported (the busiest first), so 200 python workers stay cheap */
    maxIncluded: z.number().int().min(0).max(1000).default(20),
    /** a process of the same command (container + executable + arguments) reappearing within this window is a restart */
    restartWindowSeconds: z.number().positive().default(300),
  })
  .strict();

export type ProcessConfig = z.infer<typeof processConfigSchema>;
