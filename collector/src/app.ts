import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { OtlpTypes } from '@argus/otlp';
import { authMiddleware } from './accounts/middleware.js';
import { ArgusError, fromStorageError } from './errors.js';
import { registerOpenApi } from './openapi-route.js';
import type { AppEnv, CollectorDeps, CollectorModule } from './module.js';
import { mountUi } from './ui/index.js';

/** Error responses: JSON `{ code, message }` (a google.rpc.Status for protobuf OTLP requests), Retry-After when set. */
export function errorHandler(types: OtlpTypes, deps: CollectorDeps) {
  return (err: Error, c: Context) => {
    const e = err instanceof ArgusError ? err : (fromStorageError(err) ?? new ArgusError('INTERNAL', 'internal error', 500));
    if (e.code === 'INTERNAL' && !(err instanceof ArgusError)) deps.log.error({ err, path: c.req.path }, 'request failed');
    else if (e.status >= 500) deps.log.warn({ code: e.code, path: c.req.path }, e.message);
    const headers: Record<string, string> = {};
    if (e.retryAfterSeconds !== undefined) headers['retry-after'] = String(e.retryAfterSeconds);
    const ct = c.req.header('content-type') ?? '';
    if (ct.startsWith('application/x-protobuf') && c.req.path.startsWith('/v1/')) {
      const body = types.RpcStatus.encode(types.RpcStatus.fromObject({ code: e.status, message: e.message })).finish();
      return c.body(body as Uint8Array<ArrayBuffer>, e.status as 400, { ...headers, 'content-type': 'application/x-protobuf' });
    }
    return c.json({ code: e.code, message: e.message }, e.status as 400, headers);
  };
}

/**
 * Counts every request of a port by route template (`/api/v1/traces/:traceId`, not the raw path, so the series
 * stay bounded) and status, errors included (the error handler has set the response by now); `unmatched` for
 * 404s of unknown paths.
 */
function countRequests(deps: CollectorDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const route = c.res.status === 404 && !c.error ? 'unmatched' : routePath(c) || 'unmatched';
    deps.telemetry.count('argus_requests_total', { route, status: String(c.res.status) });
  };
}

/**
 * GET /health on both ports: always 200 while the process serves (a liveness answer: restarting the collector
 * would not fix its storage), with `status: "degraded"` and the reason when inserts into ClickHouse keep failing
 * (3 or more in a row: merges behind, too many parts, disk full, server away); ingest then answers 503 +
 * Retry-After once its bounds fill, and nothing acknowledged is dropped.
 */
function health(deps: CollectorDeps) {
  const h = deps.storage.insertHealth();
  const degraded = h.consecutiveFailures >= 3;
  return {
    status: degraded ? ('degraded' as const) : ('ok' as const),
    storage: {
      ok: !degraded,
      consecutiveInsertFailures: h.consecutiveFailures,
      failingTables: h.failingTables,
      lastInsertSuccess: h.lastSuccessAt && new Date(h.lastSuccessAt).toISOString(),
      lastInsertError: h.lastError && { at: new Date(h.lastFailureAt ?? 0).toISOString(), message: h.lastError },
    },
  };
}

/** The ingest port: OTLP, agent data, beacons; plus GET /metrics (Prometheus) and GET /health. */
export function createIngestApp(deps: CollectorDeps, modules: CollectorModule[], types: OtlpTypes): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(types, deps));
  app.use(countRequests(deps));
  app.get('/health', (c) => c.json(health(deps)));
  app.get('/metrics', (c) => c.text(deps.telemetry.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }));
  for (const m of modules) m.ingest?.(app, deps);
  app.notFound((c) => c.json({ code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` }, 404));
  return app;
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

/** The API port: /api/v1/* behind one auth middleware; the web UI from / (collector/src/ui). */
export function createApiApp(deps: CollectorDeps, modules: CollectorModule[], types: OtlpTypes): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(types, deps));
  app.use(countRequests(deps));
  app.get('/health', (c) => c.json(health(deps)));
  const api = new Hono<AppEnv>();
  // auth and roles for every route (collector/src/accounts/middleware.ts: tokens, sessions, the route-permission table)
  api.use('*', authMiddleware(deps.accounts));
  registerOpenApi(api);
  for (const m of modules) m.api?.(api, deps);
  app.route('/api/v1', api);
  // the web UI (ui/dist) at / and every UI route (SPA fallback); /api/* and /health are left alone
  mountUi(app, deps);
  app.notFound((c) => c.json({ code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
