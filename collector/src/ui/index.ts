import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import type { AppEnv, CollectorDeps, CollectorModule } from '../module.js';
import { inlineScriptHashes, loadStaticFiles, type StaticFile } from './static-files.js';

/** Where the built UI is: `ARGUS_UI_DIR`, else the workspace's ui/dist. */
export function uiDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ARGUS_UI_DIR || fileURLToPath(new URL('../../../ui/dist', import.meta.url));
}

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Argus</title>
<body style="font:15px system-ui;margin:48px;max-width:640px"><h1>The Argus web UI is not built</h1>
<p><code>npx -y pnpm@12.21.0 install</code> builds it (into <code>ui/dist</code>); restart the collector afterwards.
The query API answers under <a href="/api/v1/services"><code>/api/v1</code></a> meanwhile.</p></body></html>`;

/**
 * The web UI on the API port: hashed assets under /assets cached immutably, every other GET that is not /api/* or
 * /health answers index.html (the SPA's routes: /map, /services/..., /traces/...), never cached, with a strict CSP.
 */
export function mountUi(app: Hono<AppEnv>, deps: Pick<CollectorDeps, 'log'>, dir = uiDir()): void {
  const files = loadStaticFiles(dir);
  if (!files) deps.log.warn({ dir }, 'web UI not built: / answers a hint page; `pnpm install` builds ui/dist');
  else deps.log.info({ dir, files: files.size }, 'web UI served on the API port');
  const index = files?.get('/index.html');
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${index ? inlineScriptHashes(index.body.toString('utf8')).join(' ') : ''}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "worker-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  const security = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'content-security-policy': csp };

  const send = (c: Context, f: StaticFile, cache: string) => {
    const headers: Record<string, string> = {
      ...security,
      'content-type': f.type,
      'cache-control': cache,
      etag: f.etag,
      vary: 'accept-encoding',
    };
    if (c.req.header('if-none-match') === f.etag) return c.body(null, 304, headers);
    const gz = f.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    if (gz) headers['content-encoding'] = 'gzip';
    const body = gz ? f.gzip! : f.body;
    headers['content-length'] = String(body.length);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(body), 200, headers);
  };

  app.on(['GET', 'HEAD'], '*', (c, next) => {
    const path = c.req.path;
    if (path === '/api' || path.startsWith('/api/') || path === '/health') return next();
    if (!files || !index) return c.html(NOT_BUILT, 503, { 'retry-after': '60' });
    const f = files.get(path);
    if (f && path !== '/index.html')
      return send(c, f, path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    if (path.startsWith('/assets/')) return c.json({ code: 'NOT_FOUND', message: `no UI asset ${path}` }, 404);
    return send(c, index, 'no-cache');
  });
}

/**
 * The UI module: the web UI itself is mounted by app.ts (mountUi); the reads it needs beyond the original API
 * (latency histogram, sparklines, trace scatter, endpoint detail, search) are query services of the analytics and
 * query modules, on deps.queries like every read.
 */
export function createUiModule(): CollectorModule {
  return { name: 'ui' };
}
