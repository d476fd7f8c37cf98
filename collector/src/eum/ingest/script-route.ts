import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { eumScriptPath } from '@argus/eum';
import type { Hono } from 'hono';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';

export interface EumScript {
  version: string;
  code: Buffer;
  gzip: Buffer;
}

/** Reads the built eum.js once (the file sensors/eum builds at install time); undefined when it is not built. */
export function loadScript(path = eumScriptPath): EumScript | undefined {
  let code: Buffer;
  try {
    code = readFileSync(path);
  } catch {
    return undefined;
  }
  return { version: createHash('sha256').update(code).digest('hex').slice(0, 12), code, gzip: gzipSync(code, { level: 9 }) };
}

/**
 * GET /eum.js: the browser script. `?v=<version>` (what snippets use) is cached for a year as immutable; the
 * bare URL for 5 minutes so a collector upgrade reaches pages that pin nothing. ETag/If-None-Match -> 304,
 * gzip when accepted, CORS and Timing-Allow-Origin open (the snippet loads it with crossorigin="anonymous").
 */
export function registerScriptRoute(app: Hono<AppEnv>, getScript: () => EumScript | undefined): void {
  app.get('/eum.js', (c) => {
    const s = getScript();
    if (!s)
      throw new ArgusError('EUM_SCRIPT_NOT_BUILT', 'eum.js is not built: run `npx -y pnpm@12.21.0 --filter @argus/eum build`', 503, 60);
    const etag = `"${s.version}"`;
    const pinned = c.req.query('v') === s.version;
    const headers: Record<string, string> = {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': pinned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      etag,
      vary: 'Accept-Encoding',
      'access-control-allow-origin': '*',
      'timing-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    };
    const inm = c.req.header('if-none-match');
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      return c.body(new Uint8Array(s.gzip), 200, { ...headers, 'content-encoding': 'gzip' });
    }
    return c.body(new Uint8Array(s.code), 200, headers);
  });
}
