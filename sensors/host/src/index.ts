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
  create(_target, ctx) {
    return { collect: createHostCollector(ctx), stop() {} };
  },
};
