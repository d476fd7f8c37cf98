import type { Sensor } from '@argus/sensor-kit';
import { createHostCollector } from './collect.js';
import { hostConfigSchema, type HostConfig } from './config.js';

export { hostConfigSchema, type HostConfig } from './config.js';

/** Host metrics from /proc (CPU, memory, load, filesystems, disks, network, uptime, file handles). */
export const sensor: Sensor<'host', HostConfig> = {
  name: 'host',
  version: '0.1.0',
  scope: 'host',
  configSchema: hostConfigSchema,
  detect: (process) => (process === null ? 'host' : null),
  targetKey: () => 'host',
  async create(_target, ctx) {
    const collect = await createHostCollector(ctx);
    return { collect, stop() {} };
  },
};
