import { z } from 'zod';

const id = (what: string) =>
  z
    .string({ message: `${what} must be a string` })
    .min(1, `${what} must not be empty`)
    .max(512, `${what} is longer than 512 characters`);
const attrValue = z.union([z.string().max(8192), z.number(), z.boolean()], {
  message: 'attribute values must be strings, numbers or booleans',
});

export const snapshotSchema = z.object({
  id: id('snapshot id'),
  type: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'snapshot type must be a lower-case word such as host, container, process, redis'),
  name: z.string().max(512),
  parentId: id('parentId').optional(),
  attributes: z
    .record(z.string().min(1).max(256), attrValue)
    .default({})
    .refine((a) => Object.keys(a).length <= 500, 'a snapshot has at most 500 attributes'),
});

export const eventSchema = z.object({
  severity: z.enum(['info', 'warning', 'critical'], { message: 'event severity must be info, warning or critical' }),
  code: z.string().min(1).max(128),
  message: z.string().max(8192),
  entityId: id('event entityId').optional(),
  time: z.number({ message: 'event time must be milliseconds since epoch' }).int().nonnegative(),
});

/** Body of POST /v1/agent/entities (see PREAMBLE: agent data). */
export const entitiesBodySchema = z.object({
  agentId: id('agentId'),
  hostEntityId: id('hostEntityId'),
  time: z.number({ message: 'time must be milliseconds since epoch' }).int().nonnegative(),
  snapshots: z.array(snapshotSchema).max(20_000, 'at most 20000 snapshots per request').default([]),
  alive: z.array(id('alive entry')).max(100_000, 'at most 100000 alive ids per request').default([]),
  gone: z.array(id('gone entry')).max(100_000).default([]),
  events: z.array(eventSchema).max(10_000, 'at most 10000 events per request').default([]),
});

export type EntitiesBody = z.infer<typeof entitiesBodySchema>;
export type SnapshotInput = z.infer<typeof snapshotSchema>;
