import type { Sensor } from '@argus/sensor-kit';
import { createNginxInstance } from './collect.js';
import { nginxConfigSchema, type NginxConfig } from './config.js';
import { detectNginx, type NginxTarget } from './detect.js';

export { nginxConfigSchema, type NginxConfig } from './config.js';
export { detectNginx, type NginxTarget } from './detect.js';
export { parseStubStatus } from './status.js';

/** nginx: found from the master process and its ports; stub_status polled every second. */
export const sensor: Sensor<NginxTarget, NginxConfig> = {
  name: 'nginx',
  version: '0.1.0',
  scope: 'process',
  configSchema: nginxConfigSchema,
  detect: (process) => detectNginx(process),
  targetKey: (t) => `port:${t.port}`,
  create: (target, ctx) => createNginxInstance(target, ctx),
};
