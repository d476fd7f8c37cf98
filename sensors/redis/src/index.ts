import type { Sensor } from '@argus/sensor-kit';
import { createRedisInstance } from './collect.js';
import { redisConfigSchema, type RedisConfig } from './config.js';
import { detectRedis, type RedisTarget } from './detect.js';

export { redisConfigSchema, type RedisConfig } from './config.js';
export { detectRedis, type RedisTarget } from './detect.js';
export { parseInfo } from './info.js';

/** Redis: found from `redis-server` and its port, `INFO all` every second. */
export const sensor: Sensor<RedisTarget, RedisConfig> = {
  name: 'redis',
  version: '0.1.0',
  scope: 'process',
  configSchema: redisConfigSchema,
  detect: (process) => detectRedis(process),
  targetKey: (t) => `port:${t.port}`,
  create: (target, ctx) => createRedisInstance(target, ctx),
};
