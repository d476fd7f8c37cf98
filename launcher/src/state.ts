import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const stateSchema = z.object({ ingestKey: z.string().min(16), createdAt: z.string() });

export interface StartState {
  ingestKey: string;
  /** true on the very first start in this data directory */
  fresh: boolean;
}

/**
 * The start command's own state in the data directory: the default ingest key it hands to the collector
 * (ARGUS_INGEST_KEY) and the agent (ARGUS_KEY), so both agree and the key survives restarts. An ARGUS_INGEST_KEY
 * in the environment wins.
 */
export function loadOrCreateState(dataDir: string, envKey: string | undefined): StartState {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'argus-start.json');
  const fresh = !existsSync(file);
  let key: string | undefined;
  if (!fresh) {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is damaged (${parsed.error.issues[0].message}): delete it to create a new key`);
    key = parsed.data.ingestKey;
  }
  const ingestKey = envKey ?? key ?? `ak_${randomBytes(24).toString('base64url')}`;
  if (ingestKey !== key) {
    writeFileSync(file, `${JSON.stringify({ ingestKey, createdAt: new Date().toISOString() }, null, 2)}\n`, { mode: 0o600 });
  }
  return { ingestKey, fresh };
}
