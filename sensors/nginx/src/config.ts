import { z } from 'zod';

export const nginxConfigSchema = z
  .object({
    /** stub_status URL for every nginx on this host (skips config parsing and probing) */
    statusUrl: z.url().optional(),
    /** per-instance overrides keyed by the instance's lowest listening port */
    instances: z
      .record(
        z.string().regex(/^\d+$/, 'instances keys are ports'),
        z.object({ statusUrl: z.url().optional(), configPath: z.string().min(1).optional() }),
      )
      .default({}),
    /** paths probed on every listening port when the config does not reveal stub_status */
    fallbackPaths: z
      .array(z.string().startsWith('/'))
      .default(['/nginx_status', '/stub_status', '/status', '/basic_status', '/server-status']),
    /** how often a missing stub_status is looked for again (seconds) */
    rediscoverSeconds: z.number().int().min(5).default(60),
    snapshotIntervalSeconds: z.number().int().min(5).default(60),
    requestTimeoutMs: z.number().int().min(100).max(10_000).default(600),
  })
  .strict();

export type NginxConfig = z.infer<typeof nginxConfigSchema>;
