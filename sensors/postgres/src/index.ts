import type { Sensor } from '@argus/sensor-kit';
import { createPostgresInstance } from './collect.js';
import { postgresConfigSchema, type PostgresConfig } from './config.js';
import { detectPostgres, type PostgresTarget } from './detect.js';

export { postgresConfigSchema, type PostgresConfig } from './config.js';
export { detectPostgres, type PostgresTarget } from './detect.js';

/** PostgreSQL: found from the postmaster and its port; statistics views read every second in one query. */
export const sensor: Sensor<PostgresTarget, PostgresConfig> = {
  name: 'postgres',
  version: '0.1.0',
  scope: 'process',
  configSchema: postgresConfigSchema,
  detect: (process) => detectPostgres(process),
  targetKey: (t) => `port:${t.port}`,
  create: (target, ctx) => createPostgresInstance(target, ctx),
};
