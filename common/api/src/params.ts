import { z } from 'zod';

/**
 * Building blocks for query parameters. Values arrive as strings; an empty value counts as absent (the collector
 * drops `?x=` before validating). Messages name the parameter and its range, as the API always has.
 */

/** ms since epoch (digits) or an ISO-8601 time, as ms since epoch. */
export const timeParam = (name: string, description: string) =>
  z
    .string()
    .transform((v, ctx) => {
      const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
      if (Number.isNaN(t)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be milliseconds since epoch or an ISO-8601 time` });
        return z.NEVER;
      }
      return t;
    })
    .optional()
    .meta({ description: `${description} (ms since epoch or ISO-8601)`, examples: ['1732600000000', '2024-11-26T10:00:00Z'] });

/** An integer in [min, max] (add `.default(x)` or `.optional()`). */
export const intParam = (name: string, min: number, max: number, description: string) => {
  const message = `${name} must be an integer between ${min} and ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message).meta({ description });
};

/** One of a few words. */
export const enumParam = <const T extends readonly [string, ...string[]]>(name: string, values: T, description: string) =>
  z
    .enum(values, {
      error: `${name} must be ${values.slice(0, -1).join(', ')}${values.length > 1 ? ' or ' : ''}${values[values.length - 1]}`,
    })
    .meta({
      description,
    });

/** A bounded free-text parameter. */
export const textParam = (name: string, max: number, description: string) =>
  z.string().max(max, `${name} must be at most ${max} characters`).meta({ description });

export const traceIdParam = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'trace id must be 32 hex characters')
  .transform((v) => v.toLowerCase());

/** from/to of every range route; defaults (the last hour ending now, unless noted) are applied by the collector. */
export const rangeQuery = z.object({
  from: timeParam('from', 'start of the range; default: `to` minus the route default (1 h unless noted)'),
  to: timeParam('to', 'end of the range; default: now'),
});

/** `{ code, message }`: every error answer. */
export const errorBody = z.object({
  code: z.string().meta({ description: 'stable machine-readable code, e.g. INVALID_PARAM' }),
  message: z.string().meta({ description: 'what is wrong and how to fix it' }),
});
export type ErrorBody = z.infer<typeof errorBody>;

/** A time answered as ms since epoch. */
export const ms = z.number().meta({ description: 'ms since epoch' });
