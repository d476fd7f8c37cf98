import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const stateSchema = z.object({ ingestKey: z.string().min(16), adminToken: z.string().min(16).optional(), createdAt: z.string() });

export interface StartState {
  ingestKey: string;
  /** an instance-admin API token: the collector registers it (ARGUS_ADMIN_TOKEN), the demo creates its website with it */
  adminToken: string;
  /** true on the very first start in this data directory */
  fresh: boolean;
  /** the admin token was created by this start (older state files had none) */
  adminTokenCreated: boolean;
}

/**
 * The start command's own state in the data directory (mode 0600): the default ingest key it hands to the
 * collector (ARGUS_INGEST_KEY) and the agent (ARGUS_KEY), and an instance-admin token (ARGUS_ADMIN_TOKEN), so
 * they survive restarts while the collector keeps only their hashes. ARGUS_INGEST_KEY / ARGUS_ADMIN_TOKEN in the
 * environment win.
 */
export function loadOrCreateState(dataDir: string, envKey: string | undefined, envAdminToken?: string): StartState {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'argus-start.json');
  const fresh = !existsSync(file);
  let saved: z.infer<typeof stateSchema> | undefined;
  if (!fresh) {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is damaged (${parsed.error.issues[0].message}): delete it to create a new key`);
    saved = parsed.data;
  }
  const ingestKey = envKey ?? saved?.ingestKey ?? `ak_${randomBytes(24).toString('base64url')}`;
  const adminToken = envAdminToken ?? saved?.adminToken ?? `at_${randomBytes(24).toString('base64url')}`;
  if (ingestKey !== saved?.ingestKey || adminToken !== saved.adminToken) {
    const createdAt = saved?.createdAt ?? new Date().toISOString();
    // written whole or not at all: a reader (or a crash) never sees a half-written file
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ ingestKey, adminToken, createdAt }, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }
  return { ingestKey, adminToken, fresh, adminTokenCreated: !envAdminToken && !saved?.adminToken };
}
