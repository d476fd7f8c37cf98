import type { Hono } from 'hono';
import { badRequest } from '../../errors.js';
import { bodyType, readBody } from '../../ingest/read-body.js';
import type { AppEnv, CollectorDeps } from '../../module.js';
import type { InfraConfig } from '../config.js';
import { entitiesBody as entitiesBodySchema } from '@argus/api';
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
    const accepted = await store.ingest(c.get('tenant'), parsed.data);
    return c.json({ accepted });
  });
}
