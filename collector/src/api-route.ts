import type { RouteSpec } from '@argus/api';
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { ArgusError, badRequest } from './errors.js';
import { jsonBytes } from './json-bytes.js';
import type { AppEnv } from './module.js';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route handler gets: validated parameters, the tenant, and the Hono context for the rare extra. */
export interface RouteInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** values of the route's prefix parameters, e.g. `prefixed['attr.']` = [['http.route', '/cart']] */
  prefixed: Record<string, Array<[string, string]>>;
  tenant: string;
  c: Context<AppEnv>;
}

const problems = (e: z.ZodError) => e.issues.map((i) => i.message).join('; ');

function parse<S extends z.ZodType>(schema: S, value: unknown, code: string, withPath = false): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const message = withPath ? r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') : problems(r.error);
  throw new ArgusError(code, message, 400);
}

/**
 * Registers one /api/v1 route from its spec in @argus/api: parses path, query (an empty value counts as absent)
 * and JSON body with the spec's zod schemas (400 INVALID_PARAM, or the spec's `bodyErrorCode`, naming the
 * problem), calls the handler (a query service call) and answers its result as JSON. The result's type is the
 * spec's response type, so a handler cannot drift from the documented shape.
 */
export function apiRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  app: Hono<AppEnv>,
  spec: RouteSpec<P, Q, B, R> & { bodyErrorCode?: string },
  handler: (input: RouteInput<P, Q, B>) => Promise<z.output<R>> | z.output<R>,
): void {
  app.on(spec.method.toUpperCase(), spec.path, async (c) => {
    const rawQuery = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
    const prefixed: Record<string, Array<[string, string]>> = {};
    for (const { prefix } of spec.prefixParams ?? []) {
      prefixed[prefix] = [];
      for (const [key, values] of Object.entries(c.req.queries()))
        if (key.startsWith(prefix)) for (const v of values) if (v !== '') prefixed[prefix].push([key.slice(prefix.length), v]);
    }
    let body: unknown;
    if (spec.body) {
      const code = spec.bodyErrorCode ?? 'INVALID_PARAM';
      try {
        body = await c.req.json();
      } catch {
        throw badRequest('body must be JSON', code);
      }
      body = parse(spec.body, body, code, true);
    }
    const input = {
      params: (spec.params ? parse(spec.params, c.req.param(), 'INVALID_PARAM') : undefined) as Out<P>,
      query: (spec.query ? parse(spec.query, rawQuery, 'INVALID_PARAM') : undefined) as Out<Q>,
      body: body as Out<B>,
      prefixed,
      tenant: c.get('tenant'),
      c,
    };
    const result = await handler(input);
    // as bytes built piece by piece: a 10,000-span trace never becomes one 13 MB string (json-bytes.ts)
    return c.body(jsonBytes(result), (spec.status ?? 200) as 200, { 'content-type': 'application/json' });
  });
}
