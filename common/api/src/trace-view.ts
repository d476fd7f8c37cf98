import { z } from 'zod';
import { traceIdParam } from './params.js';
import { span, spanEntities } from './traces.js';

/**
 * The trace view's answers: the waterfall of a whole trace in a lean, columnar form (what the page paints first),
 * and one span in full (what a click on a row shows). GET /traces/:traceId keeps answering every span in full.
 */

const column = (description: string) => z.array(z.number()).meta({ description });

export const waterfallSpans = z
  .object({
    spanId: z.array(z.string()).meta({ description: '16 hex characters each' }),
    parent: column('index of the parent span in these columns; -1 for a root and for a span whose parent is not stored'),
    service: column('index into `strings`'),
    name: column('index into `strings`'),
    kind: column('OTLP span kind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer'),
    offsetNs: column("start relative to the trace's start (`startTimeUnixNano`), ns"),
    durationNs: column('ns'),
    status: column('OTLP status code: 0 unset, 1 ok, 2 error'),
    error: column('1 when the span failed (status error, or an HTTP server status >= 500), else 0'),
  })
  .meta({ description: 'one entry per span in every column, ordered by start (ties by span id)' });

export const waterfallResponse = z.object({
  traceId: z.string(),
  startTimeUnixNano: z.string(),
  durationMs: z.number(),
  count: z.number().meta({ description: 'spans (each column has this many entries)' }),
  errors: z.number().meta({ description: 'spans that failed' }),
  services: z.array(z.string()).meta({ description: 'in order of first start' }),
  rootEndpoint: z.string().meta({
    description: "the endpoint of the trace's earliest span without a parent, as the KPIs name it ('' when every span has a parent)",
  }),
  strings: z.array(z.string()).meta({ description: 'the service and span names the columns point to, each once' }),
  spans: waterfallSpans,
});
export type WaterfallResponse = z.infer<typeof waterfallResponse>;

export const spanIdParam = z
  .string()
  .regex(/^[0-9a-fA-F]{16}$/, 'span id must be 16 hex characters')
  .transform((v) => v.toLowerCase());

export const traceSpanParams = z.object({ traceId: traceIdParam, spanId: spanIdParam });

export const traceSpanDetail = span.extend({
  endpoint: z.string(),
  entities: spanEntities,
});
export type TraceSpanDetail = z.infer<typeof traceSpanDetail>;
