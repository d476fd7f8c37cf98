export { startRedis, type RedisServer, type StartRedisOptions } from './redis.js';
export { startPostgres, postgresBinDir, type PostgresServer, type StartPostgresOptions } from './postgres.js';
export { startNginx, type NginxServer, type StartNginxOptions } from './nginx.js';
export { freePort, canConnect, httpGet, waitUntil } from './util.js';
export { processInfo } from './proc-info.js';
export { startSensor, metricValue, type SensorHarness } from './sensor-context.js';
