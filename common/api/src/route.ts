import type { z } from 'zod';

export interface ErrorSpec {
  status: number;
  code: string;
  when: string;
}

/** One /api/v1 route: what it takes, what it answers, how it fails. The collector validates with these schemas. */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono-style path under /api/v1, e.g. `/traces/:traceId` */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  /** repeatable query parameters by prefix, e.g. `attr.` for `attr.<key>=<value>` */
  prefixParams?: ReadonlyArray<{ prefix: string; description: string }>;
  body?: B;
  /** success status (default 200) */
  status?: 200 | 201;
  response: R;
  /** media type of the success answer when not JSON (e.g. `application/yaml`: the answer is that text; `response` describes its content) */
  responseType?: string;
  /** media type of the request body when not JSON (e.g. `application/yaml`; `body` describes its content) */
  bodyType?: string;
  /** route-specific errors; INVALID_PARAM (when it takes parameters), UNAUTHORIZED and INTERNAL are added */
  errors?: readonly ErrorSpec[];
}

/** Keeps the schema types of a route literal. */
export const route = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  spec: RouteSpec<P, Q, B, R>,
): RouteSpec<P, Q, B, R> => spec;

/** Errors every /api/v1 route can answer. */
export const COMMON_ERRORS: readonly ErrorSpec[] = [
  { status: 401, code: 'UNAUTHORIZED', when: 'credentials missing or wrong' },
  { status: 500, code: 'INTERNAL', when: 'an unexpected failure (logged)' },
];
