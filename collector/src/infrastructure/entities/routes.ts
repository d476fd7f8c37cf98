import type { Hono } from 'hono';
import { badRequest, notFound } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { parseIntParam, parseRange } from '../../query/params.js';
import type { EntityQueries } from './queries.js';

const TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;

/** GET /infrastructure/entities, /infrastructure/entities/:id, /infrastructure/events */
export function registerEntityRoutes(app: Hono<AppEnv>, queries: EntityQueries): void {
  app.get('/infrastructure/entities', async (c) => {
    const type = c.req.query('type') || undefined;
    if (type && !TYPE.test(type)) throw badRequest('type must be host, container, process or a technology name', 'INVALID_PARAM');
    const q = c.req.query('q') || undefined;
    if (q && q.length > 256) throw badRequest('q must be at most 256 characters', 'INVALID_PARAM');
    const limit = parseIntParam(c.req.query('limit'), 500, 1, 5000, 'limit');
    const online = c.req.query('online');
    if (online !== undefined && online !== 'true' && online !== 'false') throw badRequest('online must be true or false', 'INVALID_PARAM');
    // online is decided from the last report's age, after the query: read up to the maximum, then filter and cut
    const entities = await queries.find(c.get('tenant'), {
      type,
      q,
      parent: c.req.query('parent') || undefined,
      limit: online === undefined ? limit : 5000,
    });
    return c.json({ entities: online === undefined ? entities : entities.filter((e) => e.online === (online === 'true')).slice(0, limit) });
  });

  app.get('/infrastructure/entities/:id', async (c) => {
    const tenant = c.get('tenant');
    const id = c.req.param('id');
    const [entity] = await queries.find(tenant, { ids: [id], limit: 1 });
    if (!entity) throw notFound(`entity ${id} not found`, 'ENTITY_NOT_FOUND');
    const [parent, children, events, changes] = await Promise.all([
      entity.parentId ? queries.find(tenant, { ids: [entity.parentId], limit: 1 }).then((r) => r[0] ?? null) : Promise.resolve(null),
      queries.find(tenant, { parent: id, limit: 5000 }),
      queries.events(tenant, { entity: id, from: 0, to: Date.now() + 60_000, limit: 50 }),
      queries.changes(tenant, id, 20),
    ]);
    return c.json({ entity, parent, children, events, changes });
  });

  app.get('/infrastructure/events', async (c) => {
    const { from, to } = parseRange((k) => c.req.query(k), 24 * 3_600_000);
    const limit = parseIntParam(c.req.query('limit'), 200, 1, 5000, 'limit');
    const events = await queries.events(c.get('tenant'), { entity: c.req.query('entity') || undefined, from, to, limit });
    return c.json({ events });
  });
}
