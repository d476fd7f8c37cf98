import type { z } from 'zod';
import { ArgusError } from './errors.js';

/** The ARGUS_* variable of every setting of a group. */
export type EnvNames<T> = { readonly [K in keyof T]-?: string };

export interface ConfigGroup<S extends z.ZodObject> {
  /** e.g. 'analytics' (messages say `invalid analytics configuration`); '' for the core settings */
  what: string;
  schema: S;
  env: EnvNames<z.output<S>>;
  /** a cross-setting rule checked after the schema: returns the message naming the variables, or undefined */
  check?: (value: z.output<S>) => string | undefined;
}

export type ConfigLoader<S extends z.ZodObject> = ((
  overrides?: Partial<Record<keyof z.input<S>, unknown>>,
  env?: NodeJS.ProcessEnv,
) => z.output<S>) & { group: ConfigGroup<S> };

const unset = (v: unknown) => v === undefined || v === '';

/**
 * The one config loader of the collector and its modules: ARGUS_* variables overlaid with explicit values (flags,
 * tests), validated once with zod. An empty variable or value counts as unset (so `ARGUS_API_PORT=` means the
 * default, not port 0). Every problem is reported at once, each line naming the variable:
 * `[CONFIG_INVALID] invalid analytics configuration:\n  ARGUS_ANALYTICS_TICK_MS: ... must be >= 50`.
 */
export function configLoader<S extends z.ZodObject>(group: ConfigGroup<S>): ConfigLoader<S> {
  const names = group.env as Record<string, string>;
  const load = (overrides: Partial<Record<keyof z.input<S>, unknown>> = {}, env: NodeJS.ProcessEnv = process.env) => {
    const raw: Record<string, unknown> = {};
    for (const [key, name] of Object.entries(names)) if (!unset(env[name])) raw[key] = env[name];
    for (const [key, value] of Object.entries(overrides)) if (!unset(value)) raw[key] = value;
    const parsed = group.schema.safeParse(raw);
    const heading = `invalid ${group.what ? `${group.what} ` : ''}configuration`;
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? '');
        return `  ${names[key] ?? (key || 'config')}: ${i.message}`;
      });
      throw new ArgusError('CONFIG_INVALID', `${heading}:\n${lines.join('\n')}`, 500);
    }
    const problem = group.check?.(parsed.data);
    if (problem) throw new ArgusError('CONFIG_INVALID', `${heading}:\n  ${problem}`, 500);
    return parsed.data;
  };
  return Object.assign(load, { group });
}

/**
 * Runs several steps that validate settings (the core loader, each module's factory) and reports all their
 * CONFIG_INVALID errors together, so one start names every bad variable; other errors pass through.
 */
export function gatherConfigErrors(steps: ReadonlyArray<() => void>): void {
  const messages: string[] = [];
  for (const step of steps) {
    try {
      step();
    } catch (e) {
      if (e instanceof ArgusError && e.code === 'CONFIG_INVALID') messages.push(e.message);
      else throw e;
    }
  }
  if (messages.length) throw new ArgusError('CONFIG_INVALID', messages.join('\n'), 500);
}
