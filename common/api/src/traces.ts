import { z } from 'zod';
import { enumParam, intParam, rangeQuery, textParam, traceIdParam } from './params.js';

/** Spans, traces and logs. Attribute maps hold any JSON value (strings, numbers, booleans, arrays, maps). */

export const attributes = z.record(z.string(), z.unknown());

export const span = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().meta({ description: "'' for a root span" }),
  traceState: z.string(),
  flags: z.number(),
  name: z.string(),
  kind: z.number().meta({ description: 'OTLP span kind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer' }),
  kindName: z.enum(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']),
  startTimeUnixNano: z.string(),
  endTimeUnixNano: z.string(),
  durationNs: z.number(),
  status: z.object({ code: z.number(), message: z.string() }),
  hasError: z.boolean(),
  service: z.string(),
  scope: z.object({ name: z.string(), version: z.string() }),
  resource: attributes,
  attributes,
  promoted: z.record(z.string(), z.union([z.string(), z.number()])).meta({ description: 'the promoted columns that are set' }),
  infrastructure: z.object({
    hostName: z.string(),
    entityId: z.string(),
    processPid: z.number(),
    containerId: z.string(),
    k8sPodUid: z.string(),
  }),
  events: z.array(z.object({ timeUnixNano: z.string(), name: z.string(), attributes })),
  links: z.array(z.object({ traceId: z.string(), spanId: z.string(), traceState: z.string(), attributes })),
});
export type Span = z.infer<typeof span>;

const minDuration = z.coerce
  .number({ error: 'minDuration must be a non-negative number of milliseconds' })
  .nonnegative('minDuration must be a non-negative number of milliseconds')
  .meta({ description: 'duration >= this many ms' });

const maxDuration = z.coerce
  .number({ error: 'maxDuration must be a non-negative number of milliseconds' })
  .nonnegative('maxDuration must be a non-negative number of milliseconds')
  .meta({ description: 'duration <= this many ms' });

export const spansQuery = rangeQuery.extend({
  service: textParam('service', 1024, 'exact service').optional(),
  name: textParam('name', 4096, 'exact span name').optional(),
  status: enumParam('status', ['error', 'ok', 'unset'], '`error` = has_error, else the OTLP status code').optional(),
  minDuration: minDuration.optional(),
  order: enumParam('order', ['newest', 'slowest'], 'newest first (default) or slowest first').optional(),
  limit: intParam('limit', 1, 1000, 'page size').default(100),
  offset: intParam('offset', 0, 100_000, 'rows to skip').default(0),
});
export type SpansQuery = z.input<typeof spansQuery>;

export const page = {
  limit: z.number(),
  offset: z.number(),
  next: z.number().nullable().meta({ description: 'next offset, null on the last page' }),
};

export const spansResponse = z.object({ spans: z.array(span), ...page });
export type SpansResponse = z.infer<typeof spansResponse>;

export const tracesQuery = rangeQuery.extend({
  service: textParam('service', 1024, 'service of the matching span').optional(),
  endpoint: textParam('endpoint', 4096, 'endpoint of an entry span, e.g. `GET /cart`').optional(),
  status: enumParam('status', ['error', 'ok'], 'error or not').optional(),
  minDuration: minDuration.optional(),
  maxDuration: maxDuration.optional(),
  sort: enumParam('sort', ['newest', 'slowest'], 'which matching span represents the trace, and the order').default('newest'),
  limit: intParam('limit', 1, 200, 'page size').default(20),
  offset: intParam('offset', 0, 10_000, 'rows to skip').default(0),
});
export type TracesQuery = z.input<typeof tracesQuery>;

/** The trace-search filters, for the scatter of matching traces. */
export const scatterQuery = tracesQuery.omit({ sort: true, offset: true }).extend({
  limit: intParam('limit', 1, 5000, 'points at most (a uniform sample by trace id beyond)').default(2000),
});
export const scatterResponse = z.object({
  from: z.number(),
  to: z.number(),
  total: z.number().meta({ description: 'matching traces: exact up to 10,000, estimated within ~2% beyond' }),
  truncated: z.boolean(),
  points: z.array(z.object({ traceId: z.string(), startMs: z.number(), durationMs: z.number(), error: z.boolean() })),
});
export type ScatterResponse = z.infer<typeof scatterResponse>;

export const traceHit = z.object({
  traceId: z.string(),
  startMs: z.number(),
  durationMs: z.number(),
  spans: z.number().optional().meta({ description: 'spans in the trace (absent while the trace index has not caught up)' }),
  match: z.object({
    service: z.string(),
    name: z.string(),
    endpoint: z.string(),
    startMs: z.number(),
    durationMs: z.number(),
    error: z.boolean(),
  }),
});
export type TraceHit = z.infer<typeof traceHit>;

export const tracesResponse = z.object({
  from: z.number(),
  to: z.number(),
  sort: z.enum(['newest', 'slowest']),
  ...page,
  traces: z.array(traceHit),
});
export type TracesResponse = z.infer<typeof tracesResponse>;

export const spanEntities = z
  .object({ host: z.string().optional(), container: z.string().optional(), process: z.string().optional() })
  .meta({ description: 'the infrastructure entities the span ran on' });

const traceSpanFields = {
  endpoint: z.string(),
  entities: spanEntities,
  offsetMs: z.number().meta({ description: 'start relative to the trace start' }),
  depth: z.number(),
};

export const traceSpan = span.extend({ ...traceSpanFields, childSpanIds: z.array(z.string()) });
export type TraceSpan = z.infer<typeof traceSpan>;

export interface TreeSpan extends Span {
  endpoint: string;
  entities: { host?: string; container?: string; process?: string };
  offsetMs: number;
  depth: number;
  children: TreeSpan[];
}
export const treeSpan: z.ZodType<TreeSpan> = span.extend({
  ...traceSpanFields,
  get children(): z.ZodArray<z.ZodType<TreeSpan>> {
    return z.array(treeSpan);
  },
});

export const traceParams = z.object({ traceId: traceIdParam });
export const traceQuery = z.object({
  tree: enumParam(
    'tree',
    ['true', 'false'],
    '`true`: also answer `tree`, the same spans nested under `children` (twice the bytes)',
  ).optional(),
});

export const traceResponse = z.object({
  traceId: z.string(),
  startTimeUnixNano: z.string(),
  durationMs: z.number(),
  services: z.array(z.string()),
  errors: z.number(),
  spans: z.array(traceSpan),
  tree: z.array(treeSpan).optional().meta({ description: 'only with `tree=true`: the spans nested under `children`, ordered by start' }),
});
export type TraceResponse = z.infer<typeof traceResponse>;

export const logsQuery = rangeQuery.extend({
  service: textParam('service', 1024, 'service').optional(),
  severity: intParam('severity', 0, 24, 'minimum severity_number (e.g. 17 = ERROR)').optional(),
  traceId: traceIdParam.optional().meta({ description: 'logs of one trace (32 hex)' }),
  q: textParam('q', 1024, 'case-insensitive substring of the body').optional(),
  limit: intParam('limit', 1, 1000, 'rows').default(100),
});
export type LogsQuery = z.input<typeof logsQuery>;

export const logRecord = z.object({
  timeUnixNano: z.string(),
  observedTimeUnixNano: z.string(),
  traceId: z.string(),
  spanId: z.string(),
  flags: z.number(),
  severityText: z.string(),
  severityNumber: z.number(),
  service: z.string(),
  entityId: z.string(),
  eventName: z.string(),
  body: z.unknown(),
  attributes,
  resource: attributes,
  scope: z.object({ name: z.string(), version: z.string() }),
});
export type LogRecord = z.infer<typeof logRecord>;

export const logsResponse = z.object({ logs: z.array(logRecord) });
export type LogsResponse = z.infer<typeof logsResponse>;
