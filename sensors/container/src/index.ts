import type { Sensor } from '@argus/sensor-kit';
import { createContainerCollector } from './collect.js';
import { containerConfigSchema, type ContainerConfig } from './config.js';

export { containerConfigSchema, type ContainerConfig } from './config.js';

/** Containers found through cgroups (v2 and v1): CPU, throttling, memory, limits, OOM kills; one entity each. */
export const sensor: Sensor<'containers', ContainerConfig> = {
  name: 'container',
  version: '0.1.0',
  scope: 'host',
  configSchema: containerConfigSchema,
  detect: (process) => (process === null ? 'containers' : null),
  targetKey: () => 'containers',
  create(_target, ctx) {
    const c = createContainerCollector(ctx);
    return { collect: (signal) => c.collect(signal), stop() {} };
  },
};
