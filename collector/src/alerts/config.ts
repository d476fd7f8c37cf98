import { z } from 'zod';
import { configLoader } from '../config-loader.js';

const schema = z.object({
  /** run the evaluator and the delivery queue in this collector (exactly one per ClickHouse database) */
  evaluator: z.enum(['on', 'off'], { error: "ARGUS_ALERTS must be 'on' or 'off'" }).default('on'),
  tickMs: z.coerce.number().int().min(100, 'ARGUS_ALERTS_TICK_MS must be >= 100').max(60_000).default(1000),
  /** base URL of the links in notifications (the Argus API/UI as people reach it) */
  publicUrl: z.string().optional(),
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, 'ARGUS_SMTP_URL must be smtp://[user:pass@]host:port or smtps://...')
    .optional(),
  smtpFrom: z.string().default('argus@localhost'),
  /** built-in sudden changes on entry services open incidents (entry) or stay issues (off) */
  builtinIncidents: z.enum(['entry', 'off'], { error: "ARGUS_ALERTS_BUILTIN_INCIDENTS must be 'entry' or 'off'" }).default('entry'),
  /** how often infrastructure checks, entity rules, website rules and change detection run */
  slowTickMs: z.coerce.number().int().min(500).max(600_000).default(5000),
  /** channel/rule cache reload period (changes made through another collector) */
  reloadMs: z.coerce.number().int().min(500).default(5000),
});

export type AlertsConfig = z.infer<typeof schema>;
export type AlertsConfigInput = z.input<typeof schema>;

const ENV = {
  evaluator: 'ARGUS_ALERTS',
  tickMs: 'ARGUS_ALERTS_TICK_MS',
  publicUrl: 'ARGUS_ALERTS_PUBLIC_URL',
  smtpUrl: 'ARGUS_SMTP_URL',
  smtpFrom: 'ARGUS_SMTP_FROM',
  builtinIncidents: 'ARGUS_ALERTS_BUILTIN_INCIDENTS',
  slowTickMs: 'ARGUS_ALERTS_SLOW_TICK_MS',
  reloadMs: 'ARGUS_ALERTS_RELOAD_MS',
} as const;

/** ARGUS_ALERTS_* / ARGUS_SMTP_* overlaid with explicit values, validated once (empty = unset). */
export const loadAlertsConfig = configLoader({ what: 'alerts', schema, env: ENV });
