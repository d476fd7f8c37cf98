import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configLoader } from '../config-loader.js';

/** The repository root this collector runs from (a checkout, or the same layout inside the container image). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** `pnpm build:agent`: what builds missing artifacts on demand (present only in a checkout or a full image). */
export const BUILD_SCRIPT = join(REPO_ROOT, 'agent/build/build.ts');

const onOff = z.enum(['on', 'off'], { error: "ARGUS_DOWNLOADS_BUILD must be 'on' or 'off'" });

/** Downloads settings (ARGUS_DOWNLOADS_*), validated once when the module is created. */
export const loadDownloadsSettings = configLoader({
  what: 'downloads',
  schema: z.object({
    /** where `pnpm build:agent` writes (agent/<version>/..., nodejs/...) and the collector serves from */
    dir: z.string().min(1).default(join(REPO_ROOT, 'dist/downloads')),
    /** build the current version's artifacts on the first request when missing (needs the checkout and npm) */
    build: onOff.optional(),
  }),
  env: { dir: 'ARGUS_DOWNLOADS_DIR', build: 'ARGUS_DOWNLOADS_BUILD' },
});

export interface DownloadsConfig {
  dir: string;
  build: boolean;
}
export type DownloadsConfigInput = Parameters<typeof loadDownloadsSettings>[0];

export function loadDownloadsConfig(overrides?: DownloadsConfigInput, env?: NodeJS.ProcessEnv): DownloadsConfig {
  const s = loadDownloadsSettings(overrides, env);
  return { dir: resolve(s.dir), build: s.build === undefined ? existsSync(BUILD_SCRIPT) : s.build === 'on' };
}
