import {
  createCounterRates,
  techIdentity,
  type Attributes,
  type CollectResult,
  type SensorContext,
  type SensorEvent,
  type SensorInstance,
} from '@argus/sensor-kit';
import { classifyRedisError, createRedisInfoClient, type RedisFailure } from './client.js';
import { credentialsFor, type RedisConfig } from './config.js';
import type { RedisTarget } from './detect.js';
import { parseInfo } from './info.js';
import { infoMetrics } from './metrics.js';
import { infoFacts, redisSnapshot } from './snapshot.js';

function failureEvent(kind: RedisFailure, where: string, port: number, configured: boolean, entityId: string): SensorEvent | null {
  const key = `sensors.redis.password (or sensors.redis.instances."${port}".password)`;
  if (kind === 'auth_missing' && !configured)
    return {
      severity: 'warning',
      code: 'REDIS_AUTH_REQUIRED',
      entityId,
      message: `Redis ${where} requires a password: set ${key} in the agent config to monitor it.`,
    };
  if (kind === 'auth_missing' || kind === 'auth_wrong')
    return {
      severity: 'warning',
      code: 'REDIS_AUTH_FAILED',
      entityId,
      message: `Redis ${where} rejected the configured credentials: check ${key} and sensors.redis.user.`,
    };
  if (kind === 'permission')
    return {
      severity: 'warning',
      code: 'REDIS_PERMISSION_DENIED',
      entityId,
      message: `Redis ${where}: the configured user may not run INFO. Grant it, e.g. ACL SETUSER <user> +info +ping +client|setname.`,
    };
  return null;
}

export function createRedisInstance(target: RedisTarget, ctx: SensorContext<RedisConfig>): SensorInstance {
  const cfg = ctx.config;
  const creds = credentialsFor(cfg, target.port);
  const where = `on ${cfg.host}:${target.port}`;
  const identity = techIdentity(ctx, 'redis', target.port, target);
  const rates = createCounterRates();
  const client = createRedisInfoClient({ host: cfg.host, port: target.port, ...creds, timeoutMs: cfg.commandTimeoutMs });
  let facts: Attributes = {};
  let reported: RedisFailure | undefined;

  function snapshotOf(state: 'ok' | 'auth_failed' | 'unreachable') {
    const snap = redisSnapshot(identity.entityId, identity.parentId, target.port, target.pid, state, facts);
    return [snap];
  }

  return {
    async collect(signal): Promise<CollectResult> {
      let text: string | undefined;
      try {
        text = await client.info(signal, 500);
      } catch (err) {
        if (signal.aborted) throw err;
        const cause = classifyRedisError(err);
        const kind = cause === 'unreachable' ? classifyRedisError(client.lastError() ?? err) : cause;
        const events: SensorEvent[] = [];
        if (kind !== reported) {
          reported = kind;
          const ev = failureEvent(kind, where, target.port, creds.password !== undefined, identity.entityId);
          if (ev) events.push(ev);
          ctx.log.warn({ err, kind, port: target.port }, 'redis INFO failed');
        }
        const state = kind === 'unreachable' ? 'unreachable' : 'auth_failed';
        return {
          metrics: identity.tag([{ name: 'redis.up', unit: '1', value: 0 }]),
          snapshots: snapshotOf(state),
          events,
        };
      }
      if (text === undefined) return { metrics: [] }; // still connecting
      if (reported) ctx.log.info({ port: target.port }, 'redis INFO works again');
      reported = undefined;
      const info = parseInfo(text);
      facts = infoFacts(info);
      const metrics = infoMetrics(info, rates);
      metrics.push({ name: 'redis.up', unit: '1', value: 1 });
      return { metrics: identity.tag(metrics), snapshots: snapshotOf('ok') };
    },
    stop() {
      client.close();
    },
  };
}
