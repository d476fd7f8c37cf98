import { z } from 'zod';

/** Alert rule schemas (the full form). Pure zod, no collector imports: they move to the shared API package as is. */

const name = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');

export const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('service'), service: name }),
  z.object({ kind: z.literal('endpoint'), service: name, endpoint: z.string().min(1).max(1000) }),
  z.object({ kind: z.literal('website'), website: name }),
  z
    .object({
      kind: z.literal('entity'),
      /** one entity by id */
      entityId: z.string().min(1).max(512).optional(),
      /** every entity of a type (host, container, process, postgres, ...) */
      entityType: z.string().min(1).max(64).optional(),
      /** entities whose snapshot attributes hold these values */
      tags: z.record(z.string(), z.string()).optional(),
    })
    .refine(
      (s) => s.entityId !== undefined || s.entityType !== undefined || s.tags !== undefined,
      'an entity scope needs entityId, entityType or tags',
    ),
]);
export type Scope = z.infer<typeof scopeSchema>;

export const SIGNALS = ['errorRate', 'latency', 'throughput', 'loadTime', 'lcp', 'jsErrors', 'metric', 'offline'] as const;
export type SignalName = (typeof SIGNALS)[number];

export const signalSchema = z.object({
  name: z.enum(SIGNALS),
  /** latency: p50 | p90 | p99 | mean (default p90) */
  percentile: z.enum(['p50', 'p90', 'p99', 'mean']).optional(),
  /** metric: the infrastructure metric name, e.g. system.cpu.utilization */
  metric: z.string().min(1).max(512).optional(),
  /** metric: series attributes that must match, e.g. { state: busy } */
  attributes: z.record(z.string(), z.string()).optional(),
  /** metric: how the window's points are combined per entity (default avg) */
  aggregation: z.enum(['avg', 'max', 'min', 'last']).optional(),
});
export type Signal = z.infer<typeof signalSchema>;

export const staticThresholdSchema = z
  .object({ type: z.literal('static'), warning: z.number().optional(), critical: z.number().optional() })
  .refine((t) => t.warning !== undefined || t.critical !== undefined, 'a static threshold needs warning or critical');

export const adaptiveThresholdSchema = z.object({
  type: z.literal('adaptive'),
  /** band half-width in robust standard deviations (1.4826 x MAD) */
  deviation: z.number().positive().max(20).default(3),
  /** seasonal baseline: auto picks weekly, then daily, then the recent hours, by the history available */
  seasonality: z.enum(['auto', 'weekly', 'daily', 'none']).default('auto'),
  /** also watch the short-term EWMA band for sudden changes (Instana's built-in rules) */
  sudden: z.boolean().default(true),
  severity: z.enum(['warning', 'critical']).default('critical'),
});

export const thresholdSchema = z.union([staticThresholdSchema, adaptiveThresholdSchema]);
export type Threshold = z.infer<typeof thresholdSchema>;

export const ruleSchema = z.object({
  name,
  enabled: z.boolean().default(true),
  /** the blueprint the rule was made from (informational once expanded) */
  blueprint: z.string().max(64).optional(),
  scope: scopeSchema,
  signal: signalSchema,
  condition: z.enum(['above', 'below']).default('above'),
  threshold: thresholdSchema,
  /** the window the signal is aggregated over at every evaluation */
  windowSeconds: z.number().int().min(1).max(3600).default(10),
  /** violated in at least `violations` of the last `of` evaluations (one per second) */
  timeRule: z
    .object({ violations: z.number().int().min(1).max(3600), of: z.number().int().min(1).max(3600) })
    .refine((t) => t.violations <= t.of, 'timeRule.violations must be <= timeRule.of')
    .default({ violations: 3, of: 5 }),
  /** calls (or page loads) needed in the window to evaluate at all: quiet services do not flap */
  minTraffic: z.number().int().min(0).max(1_000_000).default(10),
  /** healthy for this long before the alert resolves */
  gracePeriodSeconds: z.number().int().min(0).max(86_400).default(30),
  /** notify again while open, every this many seconds (0 = never) */
  renotifySeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(0),
  channels: z.array(z.string().min(1).max(64)).max(20).default([]),
  description: z.string().max(2000).optional(),
});
export type RuleInput = z.input<typeof ruleSchema>;
export type RuleConfig = z.infer<typeof ruleSchema>;

export interface Rule extends RuleConfig {
  id: string;
  updatedAt: number;
}
