import { z } from 'zod';
import { enumParam, intParam, rangeQuery, textParam, timeParam } from './params.js';

/** Infrastructure entities, their events and changes, and entity metrics (docs/infrastructure.md). */

export const entityAttributes = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const entity = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  attributes: entityAttributes,
  agentId: z.string(),
  hostEntityId: z.string(),
  updatedAt: z.number().meta({ description: 'agent time of the latest snapshot change, ms' }),
  lastSeen: z
    .number()
    .nullable()
    .meta({ description: 'collector time of the last report naming the entity, ms; null when never reported' }),
  gone: z.boolean(),
  online: z.boolean(),
});
export type Entity = z.infer<typeof entity>;

export const entityEvent = z.object({
  time: z.number(),
  entityId: z.string(),
  agentId: z.string(),
  severity: z.string(),
  code: z.string(),
  message: z.string(),
});
export type EntityEvent = z.infer<typeof entityEvent>;

export const entityChange = z.object({ time: z.number(), name: z.string(), parentId: z.string().nullable(), attributes: entityAttributes });
export type EntityChange = z.infer<typeof entityChange>;

export const entitiesQuery = z.object({
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'type must be host, container, process or a technology name')
    .optional()
    .meta({ description: 'host, container, process or a technology (nginx, postgres, ...)' }),
  q: textParam('q', 256, 'substring of name, id or attributes').optional(),
  parent: textParam('parent', 512, 'children of this entity id').optional(),
  online: enumParam('online', ['true', 'false'], 'only online / offline entities (filtered after `limit`)').optional(),
  limit: intParam('limit', 1, 5000, 'rows').default(500),
});
export type EntitiesQuery = z.input<typeof entitiesQuery>;

export const entitiesResponse = z.object({ entities: z.array(entity) });
export type EntitiesResponse = z.infer<typeof entitiesResponse>;

export const entityParams = z.object({ id: z.string().min(1) });

export const entityDetailResponse = z.object({
  entity,
  parent: entity.nullable(),
  children: z.array(entity),
  events: z.array(entityEvent).meta({ description: 'the last 50' }),
  changes: z.array(entityChange).meta({ description: 'the last 20' }),
});
export type EntityDetailResponse = z.infer<typeof entityDetailResponse>;

export const eventsQuery = rangeQuery.extend({
  entity: textParam('entity', 512, 'events of one entity').optional(),
  limit: intParam('limit', 1, 5000, 'rows').default(200),
});
export type EventsQuery = z.input<typeof eventsQuery>;

export const eventsResponse = z.object({ events: z.array(entityEvent) });
export type EventsResponse = z.infer<typeof eventsResponse>;

const required = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .min(1, `${name} is required`)
    .max(512, `${name} must be at most 512 characters`);

export const metricsQuery = rangeQuery.extend({
  entity: required('entity').meta({ description: 'entity id' }),
  metric: required('metric').meta({ description: 'metric name' }),
  maxPoints: intParam('maxPoints', 10, 10_000, 'at most this many buckets per series; picks the resolution').default(1000),
  maxSeries: intParam('maxSeries', 1, 5000, 'series at most').default(200),
});
export type MetricsQuery = z.input<typeof metricsQuery>;

export const metricResolution = z.enum(['raw', '10s', '1m', '1h']);
export const seriesMode = z.enum(['gauge', 'rate', 'delta']);

export const metricPoint = z.object({
  t: z.number(),
  v: z.number(),
  min: z.number().optional(),
  max: z.number().optional(),
  count: z.number(),
  d: z.number().optional().meta({ description: "rate series: the counter's increase over the point's interval" }),
});
export const metricSeries = z.object({
  seriesId: z.string(),
  attributes: z.record(z.string(), z.string()),
  unit: z.string(),
  mode: seriesMode,
  points: z.array(metricPoint),
});
export type MetricSeries = z.infer<typeof metricSeries>;

export const metricsResponse = z.object({
  entity: z.string(),
  metric: z.string(),
  from: z.number(),
  to: z.number(),
  resolution: metricResolution,
  stepMs: z.number(),
  series: z.array(metricSeries),
});
export type MetricsResponse = z.infer<typeof metricsResponse>;

export const metricListQuery = z.object({
  entity: required('entity').meta({ description: 'entity id' }),
  since: timeParam('since', 'metrics reported since; default: 7 days ago'),
});
export type MetricListQuery = z.input<typeof metricListQuery>;

export const metricListResponse = z.object({
  entity: z.string(),
  metrics: z.array(
    z.object({
      metric: z.string(),
      unit: z.string(),
      mode: seriesMode,
      series: z.number(),
      attributeKeys: z.array(z.string()),
      last: z.object({ value: z.number(), time: z.number() }),
    }),
  ),
});
export type MetricListResponse = z.infer<typeof metricListResponse>;

export const infrastructureMapQuery = z.object({
  since: timeParam('since', 'entities reported since then; default: 1 hour ago'),
  limit: intParam('limit', 1, 50_000, 'rows').default(20_000),
});
export type InfrastructureMapQuery = z.input<typeof infrastructureMapQuery>;

export const infrastructureMapEntity = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  hostEntityId: z.string(),
  lastSeen: z.number().meta({ description: 'collector time of the last report, ms' }),
  gone: z.boolean(),
  online: z.boolean(),
  zone: z.string().meta({ description: "hosts: the agent's zone (argus.zone), else cloud.availability_zone; others ''" }),
  tags: z.record(z.string(), z.string()).meta({ description: 'hosts: the agent tags (argus.tag.<key>) without the prefix' }),
});
export type InfrastructureMapEntity = z.infer<typeof infrastructureMapEntity>;

export const infrastructureMapResponse = z.object({ entities: z.array(infrastructureMapEntity) });
export type InfrastructureMapResponse = z.infer<typeof infrastructureMapResponse>;
