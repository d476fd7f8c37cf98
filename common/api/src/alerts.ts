import { z } from 'zod';

/**
 * Smart alerts, configuration: alert rules (the full form and the blueprint short form), channels and their
 * options, the YAML document of alerts as code. Events, incidents and deliveries: alerts-events.ts; the routes:
 * alerts-routes.ts. The collector validates with these very schemas (docs/alerts.md).
 */

const name = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');

export const alertScope = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('service'), service: name }),
    z.object({
      kind: z.literal('endpoint'),
      service: name,
      endpoint: z.string().min(1).max(1000).meta({ description: 'e.g. `GET /cart`' }),
    }),
    z.object({ kind: z.literal('website'), website: name.meta({ description: 'the website id' }) }),
    z
      .object({
        kind: z.literal('entity'),
        entityId: z.string().min(1).max(512).optional().meta({ description: 'one entity by id' }),
        entityType: z
          .string()
          .min(1)
          .max(64)
          .optional()
          .meta({ description: 'every entity of a type (host, container, process, postgres ...)' }),
        tags: z.record(z.string(), z.string()).optional().meta({ description: 'entities whose snapshot attributes hold these values' }),
      })
      .refine(
        (s) => s.entityId !== undefined || s.entityType !== undefined || s.tags !== undefined,
        'an entity scope needs entityId, entityType or tags',
      ),
  ])
  .meta({ description: 'what the rule watches' });
export type AlertScope = z.infer<typeof alertScope>;

export const ALERT_SIGNALS = ['errorRate', 'latency', 'throughput', 'loadTime', 'lcp', 'jsErrors', 'metric', 'offline'] as const;
export type AlertSignalName = (typeof ALERT_SIGNALS)[number];
export const ALERT_PERCENTILES = ['p50', 'p90', 'p99', 'mean'] as const;

export const alertSignal = z.object({
  name: z.enum(ALERT_SIGNALS),
  percentile: z.enum(ALERT_PERCENTILES).optional().meta({ description: 'latency: p50, p90 (default), p99 or mean' }),
  metric: z.string().min(1).max(512).optional().meta({ description: 'metric: the infrastructure metric, e.g. system.cpu.utilization' }),
  attributes: z
    .record(z.string(), z.string())
    .optional()
    .meta({ description: 'metric: series attributes that must match, e.g. { state: busy }' }),
  aggregation: z
    .enum(['avg', 'max', 'min', 'last'])
    .optional()
    .meta({ description: "metric: how the window's points are combined per entity (default avg)" }),
});
export type AlertSignal = z.infer<typeof alertSignal>;

export const alertStaticThreshold = z
  .object({ type: z.literal('static'), warning: z.number().optional(), critical: z.number().optional() })
  .refine((t) => t.warning !== undefined || t.critical !== undefined, 'a static threshold needs warning or critical');

export const alertAdaptiveThreshold = z.object({
  type: z.literal('adaptive'),
  deviation: z.number().positive().max(20).default(3).meta({ description: 'band half-width in robust standard deviations (1.4826 x MAD)' }),
  seasonality: z
    .enum(['auto', 'weekly', 'daily', 'none'])
    .default('auto')
    .meta({ description: 'seasonal baseline: auto picks weekly, then daily, then the recent hours, by the history available' }),
  sudden: z
    .boolean()
    .default(true)
    .meta({ description: "also watch the short-term EWMA band for sudden changes (Instana's built-in rules)" }),
  severity: z.enum(['warning', 'critical']).default('critical'),
});

export const alertThreshold = z.union([alertStaticThreshold, alertAdaptiveThreshold]);
export type AlertThreshold = z.infer<typeof alertThreshold>;

/** The full form of an alert rule. */
export const alertRuleConfig = z.object({
  name,
  enabled: z.boolean().default(true),
  blueprint: z.string().max(64).optional().meta({ description: 'the blueprint the rule was made from (informational once expanded)' }),
  scope: alertScope,
  signal: alertSignal,
  condition: z.enum(['above', 'below']).default('above'),
  threshold: alertThreshold,
  windowSeconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(10)
    .meta({ description: 'the window the signal is aggregated over at every evaluation' }),
  timeRule: z
    .object({ violations: z.number().int().min(1).max(3600), of: z.number().int().min(1).max(3600) })
    .refine((t) => t.violations <= t.of, 'timeRule.violations must be <= timeRule.of')
    .default({ violations: 3, of: 5 })
    .meta({ description: 'violated in at least `violations` of the last `of` evaluations (one per second)' }),
  minTraffic: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(10)
    .meta({ description: 'calls (or page loads) needed in the window to evaluate at all: quiet services do not flap' }),
  gracePeriodSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(30)
    .meta({ description: 'healthy for this long before the alert resolves' }),
  renotifySeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(0)
    .meta({ description: 'notify again while open, every this many seconds (0 = never)' }),
  channels: z.array(z.string().min(1).max(64)).max(20).default([]).meta({ description: 'channel ids' }),
  description: z.string().max(2000).optional(),
});
export type AlertRuleInput = z.input<typeof alertRuleConfig>;
export type AlertRuleConfig = z.infer<typeof alertRuleConfig>;

/** The short form: a blueprint plus the few values it needs; any full-form field given overrides the blueprint's. */
export const alertBlueprintBody = z
  .object({
    name,
    blueprint: z.string().meta({ description: 'service-erroneous, service-slow, ... (GET /alerts/blueprints)' }),
    service: z.string().min(1).optional(),
    endpoint: z.string().min(1).optional(),
    website: z.string().min(1).optional(),
    entityId: z.string().min(1).optional(),
    entityType: z.string().min(1).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    metric: z.string().min(1).optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    threshold: z.number().optional().meta({ description: 'critical threshold (static); omit for an adaptive threshold' }),
    warning: z.number().optional(),
    percentile: z.enum(ALERT_PERCENTILES).optional(),
    signal: z.enum(['loadTime', 'lcp']).optional().meta({ description: 'website-slow: page load time (default) or LCP' }),
    condition: z.enum(['above', 'below']).optional(),
    adaptive: z.boolean().optional(),
    enabled: z.boolean().optional(),
    windowSeconds: z.number().int().min(1).max(3600).optional(),
    timeRule: z.object({ violations: z.number().int().min(1).max(3600), of: z.number().int().min(1).max(3600) }).optional(),
    minTraffic: z.number().int().min(0).max(1_000_000).optional(),
    gracePeriodSeconds: z.number().int().min(0).max(86_400).optional(),
    renotifySeconds: z.number().int().min(0).optional(),
    channels: z.array(z.string().min(1).max(64)).max(20).optional(),
    description: z.string().max(2000).optional(),
  })
  .loose();
export type AlertBlueprintBody = z.infer<typeof alertBlueprintBody>;

/** POST/PUT /alerts: the blueprint form or the full form. */
export const alertBody = z
  .union([alertBlueprintBody, alertRuleConfig])
  .meta({ description: 'either `{ name, blueprint, <its values>, channels }` or the full form `{ name, scope, signal, threshold, ... }`' });

export const alertRule = alertRuleConfig.extend({ id: z.string(), updatedAt: z.number().meta({ description: 'ms since epoch' }) });
export type AlertRule = z.infer<typeof alertRule>;

export const alertSeriesStatus = z.object({
  key: z.string().meta({ description: '`main`, or the entity id for rules over many entities' }),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  open: z.string().nullable().meta({ description: 'the open issue of this series' }),
  violations: z.number(),
  baseline: z.object({ kind: z.string(), center: z.number(), spread: z.number(), note: z.string() }).nullable(),
  sudden: z.object({ expected: z.number(), samples: z.number(), learning: z.boolean() }),
});
export const alertStatus = z.object({
  evaluated: z.boolean().meta({ description: 'false when no evaluator runs in this collector' }),
  openIssues: z.array(z.string()).optional(),
  incidents: z.array(z.string()).optional(),
  series: z.array(alertSeriesStatus).optional(),
});
export const alertView = alertRule.extend({ status: alertStatus });
export type AlertView = z.infer<typeof alertView>;
export const alertsResponse = z.object({ alerts: z.array(alertView) });

export const alertBlueprintsResponse = z.object({
  blueprints: z.array(
    z.object({ name: z.string(), description: z.string(), condition: z.enum(['above', 'below']), defaultThreshold: z.number().nullable() }),
  ),
});

export const detectThresholdBody = alertBlueprintBody
  .omit({ name: true, threshold: true })
  .extend({ days: z.number().int().min(1).max(30).default(7).meta({ description: 'history to learn from' }) });
export const detectThresholdResponse = z.object({
  signal: alertSignal,
  condition: z.enum(['above', 'below']),
  days: z.number(),
  suggestion: z
    .object({
      warning: z.number(),
      critical: z.number(),
      samples: z.number(),
      median: z.number(),
      p99: z.number(),
      wouldHaveBreached: z.object({ warning: z.number(), critical: z.number() }),
    })
    .nullable(),
  note: z.string(),
});

// ---- channels

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
const httpUrl = (message: string) => z.url(message).refine((u) => /^https?:\/\//.test(u), 'url must use http(s)');

export const slackChannelOptions = z.object({ url: httpUrl('url must be the Slack incoming-webhook URL') });
export const webhookChannelOptions = z.object({
  url: httpUrl('url must be an http(s) URL'),
  secret: z
    .string()
    .regex(/^(whsec_)?[A-Za-z0-9+/]{24,}={0,2}$/, 'secret must be base64 (24+ characters), optionally prefixed whsec_ (Standard Webhooks)')
    .optional()
    .meta({ description: 'Standard Webhooks signing secret; generated when omitted (shown once in the create answer)' }),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'header names are letters, digits and dashes'), z.string().max(2000))
    .refine((h) => Object.keys(h).length <= 20, 'at most 20 headers')
    .optional(),
});
export const pagerdutyChannelOptions = z.object({
  routingKey: z
    .string()
    .regex(/^[A-Za-z0-9]{20,64}$/, 'routingKey must be the 32-character integration key of a PagerDuty Events v2 integration'),
  url: z
    .url()
    .default(PAGERDUTY_EVENTS_URL)
    .meta({ description: 'the Events API endpoint (EU: https://events.eu.pagerduty.com/v2/enqueue)' }),
});
export const emailChannelOptions = z.object({
  to: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',').map((s) => s.trim())).filter(Boolean))
    .pipe(z.array(z.email('to must hold e-mail addresses')).min(1, 'to needs at least one address').max(50, 'at most 50 recipients'))
    .meta({ description: 'addresses (an array or a comma-separated string); SMTP from ARGUS_SMTP_URL / ARGUS_SMTP_FROM' }),
});

/** What every channel body has; the type's options sit beside these fields (validated by the channel type). */
export const alertChannelBase = z
  .object({
    type: z.string().min(1).max(32),
    name,
    notifyBuiltIn: z
      .boolean()
      .default(false)
      .meta({ description: 'also notified of incidents opened by built-in detection (no alert rule)' }),
  })
  .loose();

const base = { name, notifyBuiltIn: alertChannelBase.shape.notifyBuiltIn };
/** POST/PUT /alert-channels (documentation form: one variant per channel type) */
export const alertChannelBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('slack'), ...base, ...slackChannelOptions.shape }),
  z.object({ type: z.literal('webhook'), ...base, ...webhookChannelOptions.shape }),
  z.object({ type: z.literal('pagerduty'), ...base, ...pagerdutyChannelOptions.shape }),
  z.object({ type: z.literal('email'), ...base, ...emailChannelOptions.shape }),
]);

export const alertChannelView = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  notifyBuiltIn: z.boolean(),
  options: z
    .record(z.string(), z.unknown())
    .meta({ description: 'the options; secrets as "<redacted>" except in the create answer (a generated webhook secret is shown once)' }),
  updatedAt: z.number(),
});
export type AlertChannelView = z.infer<typeof alertChannelView>;
export const alertChannelsResponse = z.object({ channels: z.array(alertChannelView) });
export const channelTestResponse = z.object({
  channel: z.string(),
  result: z.object({ status: z.literal('success'), detail: z.string().optional() }),
  durationMs: z.number(),
});

// ---- alerts as code

export const alertConfiguration = z.object({
  apiVersion: z.literal('argus/v1'),
  kind: z.literal('AlertConfiguration').optional(),
  channels: z
    .array(alertChannelBody)
    .default([])
    .meta({ description: 'by name; secrets as "<redacted>" unless exported with secrets=true (an import keeps stored secrets)' }),
  alerts: z.array(alertBody).default([]).meta({ description: 'alerts name their channels by name' }),
});
const names = z.array(z.string());
export const alertImportResponse = z.object({
  channels: z.object({ created: names, updated: names, deleted: names }),
  alerts: z.object({ created: names, updated: names, deleted: names }),
});
export type AlertImportResponse = z.infer<typeof alertImportResponse>;
