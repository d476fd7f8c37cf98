import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ArgusError } from '../errors.js';

/** The repository root this collector runs from (a checkout, or the same layout inside the container image). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** `pnpm build:agent`: what builds missing artifacts on demand (present only in a checkout or a full image). */
export const BUILD_SCRIPT = join(REPO_ROOT, 'agent/build/build.ts');

const ENV = {
  dir: 'ARGUS_DOWNLOADS_DIR',
  build: 'ARGUS_DOWNLOADS_BUILD',
} as const;

const onOff = z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => v === 'on' || v === 'true' || v === '1');

const schema = z.object({
  /** where `pnpm build:agent` writes (agent/<version>/..., nodejs/...) and the collector serves from */
  dir: z.string().min(1).default(join(REPO_ROOT, 'dist/downloads')),
  /** build the current version's artifacts on the first request when missing (needs the checkout and npm) */
  build: onOff.optional(),
});

export interface DownloadsConfig {
  dir: string;
  build: boolean;
}
export type DownloadsConfigInput = z.input<typeof schema>;

/** Downloads settings from ARGUS_DOWNLOADS_* variables (overridable in code), validated once. */
export function loadDownloadsConfig(overrides: DownloadsConfigInput = {}, env: NodeJS.ProcessEnv = process.env): DownloadsConfig {
  const raw: Record<string, unknown> = {};
  for (const [k, name] of Object.entries(ENV)) if (env[name] !== undefined && env[name] !== '') raw[k] = env[name];
  Object.assign(raw, Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)));
  const r = schema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${ENV[i.path[0] as keyof typeof ENV]}: ${i.message}`);
    throw new ArgusError('CONFIG_INVALID', `invalid downloads configuration:\n${lines.join('\n')}`, 500);
  }
  return { dir: resolve(r.data.dir), build: r.data.build ?? existsSync(BUILD_SCRIPT) };
}
