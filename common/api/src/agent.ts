import { z } from 'zod';

/** What the agent posts to the ingest port: POST /v1/agent/entities (snapshots, liveness, events). */

const id = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, `${what} must not be empty`)
    .max(512, `${what} is longer than 512 characters`);
const attrValue = z.union([z.string().max(8192), z.number(), z.boolean()], {
  error: 'attribute values must be strings, numbers or booleans',
});

export const entitySnapshot = z.object({
  id: id('snapshot id'),
  type: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'snapshot type must be a lower-case word such as host, container, process, redis'),
  name: z.string().max(512),
  parentId: id('parentId').optional(),
  attributes: z
    .record(z.string().min(1).max(256), attrValue)
    .default({})
    .refine((a) => Object.keys(a).length <= 500, 'a snapshot has at most 500 attributes'),
});

export const entityReportEvent = z.object({
  severity: z.enum(['info', 'warning', 'critical'], { error: 'event severity must be info, warning or critical' }),
  code: z.string().min(1).max(128),
  message: z.string().max(8192),
  entityId: id('event entityId').optional(),
  time: z.number({ error: 'event time must be milliseconds since epoch' }).int().nonnegative(),
});

/** Body of POST /v1/agent/entities. */
export const entitiesBody = z.object({
  agentId: id('agentId'),
  hostEntityId: id('hostEntityId'),
  time: z.number({ error: 'time must be milliseconds since epoch' }).int().nonnegative(),
  snapshots: z.array(entitySnapshot).max(20_000, 'at most 20000 snapshots per request').default([]),
  alive: z.array(id('alive entry')).max(100_000, 'at most 100000 alive ids per request').default([]),
  gone: z.array(id('gone entry')).max(100_000).default([]),
  events: z.array(entityReportEvent).max(10_000, 'at most 10000 events per request').default([]),
});

/** The body as the agent builds it (defaults may be left out). */
export type EntitiesBodyInput = z.input<typeof entitiesBody>;
/** The body as the collector reads it (defaults applied). */
export type EntitiesBody = z.output<typeof entitiesBody>;
export type EntitySnapshotBody = z.output<typeof entitySnapshot>;

export const entitiesAccepted = z.object({ accepted: z.number() });
