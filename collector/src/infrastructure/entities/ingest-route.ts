import type { Hono } from 'hono';
import { badRequest } from '../../errors.js';
import { bodyType, readBody } from '../../ingest/read-body.js';
import { MAX_FUTURE_SECONDS } from '../../ingest/otlp/limits.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import type { InfraConfig } from '../config.js';
import { entitiesBody as entitiesBodySchema, type EntitiesBody } from '@argus/api';
import type { EntityStore } from './store.js';

/** POST /v1/agent/entities: snapshots, liveness and events from an agent (ingest-key auth, JSON, gzip allowed). */
export function registerEntityIngest(app: Hono<AppEnv>, deps: CollectorDeps, config: InfraConfig, store: EntityStore): void {
  app.post('/v1/agent/entities', deps.tenants.ingestAuth, async (c) => {
    bodyType(c, ['json']);
    const raw = await readBody(c, config.maxEntityBodyBytes);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw badRequest(`body is not valid JSON: ${(e as Error).message}`, 'INVALID_JSON');
    }
    const parsed = entitiesBodySchema.safeParse(json);
    if (!parsed.success) {
      const msg = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; ');
      throw badRequest(`invalid entities report: ${msg}`, 'INVALID_ENTITIES');
    }
    checkTimes(parsed.data, deps.config.retentionDays);
    const accepted = await store.ingest(c.get('tenant'), parsed.data);
    return c.json({ accepted });
  });
}

/**
 * A report's time and its events' times must lie within what the tables keep (the retention window) and at most a
 * day ahead (clock skew), like spans: anything else is a clock or encoding error, refused as a whole with a clear
 * message before anything of it (heartbeats included) is stored.
 */
export function checkTimes(body: EntitiesBody, retentionDays: number, now = Date.now()): void {
  const min = now - retentionDays * 86_400_000;
  const max = now + MAX_FUTURE_SECONDS * 1000;
  const range = `between ${new Date(min).toISOString()} (the ${retentionDays}-day retention) and ${new Date(max).toISOString()} (now + 1 day)`;
  const bad = (what: string, t: number) =>
    badRequest(`invalid entities report: ${what} ${t} is not a time ${range}, in ms since epoch`, 'INVALID_ENTITIES');
  if (body.time < min || body.time > max) throw bad('time', body.time);
  const i = body.events.findIndex((e) => e.time < min || e.time > max);
  if (i >= 0) throw bad(`events.${i}.time`, body.events[i].time);
}
