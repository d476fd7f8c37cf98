import type { Sensor } from '@argus/sensor-kit';
import { createProcessCollector } from './collect.js';
import { processConfigSchema, type ProcessConfig } from './config.js';

export { processConfigSchema, type ProcessConfig } from './config.js';
export type { ProcessSensorContext } from './collect.js';

/**
 * Per-process metrics for the processes worth watching: the top N by CPU and by memory (ranked by a cheap
 * full scan every rankIntervalSeconds), processes matching `include`, and the pids the agent monitors with
 * technology sensors. One instance per host: it batches its /proc reads instead of one instance per process.
 */
export const sensor: Sensor<'processes', ProcessConfig> = {
  name: 'process',
  version: '0.1.0',
  scope: 'host',
  configSchema: processConfigSchema,
  detect: (process) => (process === null ? 'processes' : null),
  targetKey: () => 'processes',
  create(_target, ctx) {
    const collect = createProcessCollector(ctx);
    return { collect, stop() {} };
  },
};
