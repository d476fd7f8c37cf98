import { z } from 'zod';

const credentials = z.object({
  user: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
});

export const redisConfigSchema = z
  .object({
    /** address the agent connects to (the server's port comes from discovery) */
    host: z.string().min(1).default('127.0.0.1'),
    /** ACL user / password for every instance (AUTH); per-port entries in `instances` win */
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** per-instance credentials keyed by port, e.g. { "6380": { password: "..." } } */
    instances: z.record(z.string().regex(/^\d+$/, 'instances keys are ports'), credentials).default({}),
    /** per-command timeout, ms */
    commandTimeoutMs: z.number().int().min(100).max(10_000).default(600),
  })
  .strict();

export type RedisConfig = z.infer<typeof redisConfigSchema>;

export function credentialsFor(config: RedisConfig, port: number): { user?: string; password?: string } {
  const own = config.instances[String(port)];
  return { user: own?.user ?? config.user, password: own?.password ?? config.password };
}
