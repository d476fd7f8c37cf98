import type { Context } from 'hono';
import type { z } from 'zod';
import { ArgusError } from '../../errors.js';

/**
 * Reads a JSON body and validates it: 415 unless `Content-Type: application/json` (which a cross-site HTML form
 * cannot send, so a login or write cannot be forged by a plain form post), 400 naming the first bad fields.
 */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const ct = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(ct)) throw new ArgusError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', 415);
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ArgusError('INVALID_JSON', 'the body is not valid JSON', 400);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const what = r.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
      .join('; ');
    throw new ArgusError('INVALID_BODY', what, 400);
  }
  return r.data;
}

/** a path id: short, printable; anything else cannot name a row, so it is answered as not found */
export function pathId(c: Context, name: string, what: string, code: string): string {
  const v = c.req.param(name) ?? '';
  if (!/^[\w.@-]{1,128}$/.test(v)) throw new ArgusError(code, `${what} not found`, 404);
  return v;
}

export const iso = (ms: number) => new Date(ms).toISOString();
