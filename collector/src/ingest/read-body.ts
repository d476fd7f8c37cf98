import { gunzipSync, inflateSync } from 'node:zlib';
import type { Context } from 'hono';
import { ArgusError, badRequest } from '../errors.js';
import type { ByteBudget } from './budget.js';

export type BodyType = 'protobuf' | 'json' | 'text';

const tooLarge = (limit: number) =>
  new ArgusError('BODY_TOO_LARGE', `request body exceeds the limit of ${limit} bytes (after decompression)`, 413);

/** Maps the Content-Type to what we decode; 415 for anything else. */
export function bodyType(c: Context, allowed: readonly BodyType[]): BodyType {
  const ct = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const t: BodyType | undefined =
    ct === 'application/x-protobuf' || ct === 'application/protobuf'
      ? 'protobuf'
      : ct === 'application/json'
        ? 'json'
        : ct === 'text/plain'
          ? 'text'
          : undefined;
  if (!t || !allowed.includes(t)) {
    throw new ArgusError(
      'UNSUPPORTED_MEDIA_TYPE',
      `unsupported Content-Type "${ct || '(none)'}": use ${allowed.map((a) => (a === 'protobuf' ? 'application/x-protobuf' : a === 'json' ? 'application/json' : 'text/plain')).join(' or ')}`,
      415,
    );
  }
  return t;
}

/**
 * Reads the body, refusing more than `limit` bytes on the wire or after decompression (a gzip bomb is stopped
 * once the limit is passed, without inflating the rest).
 */
export async function readBody(c: Context, limit: number): Promise<Buffer> {
  const { encoding } = checkHeaders(c, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  await readChunks(c, (chunk) => {
    size += chunk.length;
    if (size > limit) throw cutOff(c, limit);
    chunks.push(chunk);
  });
  const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
  if (encoding === 'gzip' || encoding === 'deflate') {
    try {
      return (encoding === 'gzip' ? gunzipSync : inflateSync)(raw, { maxOutputLength: limit });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(limit);
      throw badRequest(`body is not valid ${encoding} data: ${err.message}`, 'BAD_ENCODING');
    }
  }
  return raw;
}

/** A request body as received (still compressed when it was sent compressed), its encoding, and its budget share. */
export interface WireBody {
  body: Buffer;
  encoding: 'gzip' | 'deflate' | 'identity';
  /** gives the body's share of the in-flight budget back */
  release(): void;
}

/**
 * Bodies from this size on are read into shared memory, where the decode workers read them in place: a request posted
 * to the checking thread and then to a building thread was copied into each (~1 KB per span, twice). Smaller ones are
 * copied as before: cheap to copy, while shared memory lives until every thread that saw it has collected it (with
 * 50-span requests a collector held 30-50 MB more, bench/results/ingest-profile.md).
 */
const SHARED_MIN_BYTES = 256 * 1024;

/** The chunks in one buffer on shared memory. */
function sharedCopy(chunks: readonly Buffer[], size: number): Buffer {
  const out = Buffer.from(new SharedArrayBuffer(size));
  let at = 0;
  for (const c of chunks) at += c.copy(out, at);
  return out;
}

/**
 * Reads the body without decompressing it (decode workers do that, bounded by the same limit), holding its share
 * of the in-flight byte budget from before the first byte is read: requests beyond the budget wait unread.
 */
export async function readWireBody(c: Context, limit: number, budget: ByteBudget): Promise<WireBody> {
  const { declared, encoding } = checkHeaders(c, limit);
  let reserved = Number.isFinite(declared) && declared > 0 ? declared : 64 * 1024;
  const releases = [await budget.acquire(reserved)];
  const release = () => releases.forEach((r) => r());
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    await readChunks(c, (chunk) => {
      size += chunk.length;
      if (size > limit) throw cutOff(c, limit);
      chunks.push(chunk);
      if (size <= reserved) return;
      // more than reserved (no or a wrong Content-Length): the next chunk waits for its share
      const more = size - reserved;
      reserved = size;
      return budget.acquire(more).then((r) => {
        releases.push(r);
      });
    });
    const body = size >= SHARED_MIN_BYTES ? sharedCopy(chunks, size) : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
    return { body, encoding, release };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * A body found over the limit while reading it: the rest is not read here (@hono/node-server drains it, for a while,
 * or closes the connection after the answer), so the answer asks the client not to reuse the connection
 * (`Connection: close`): a client that did sent its next request into a closed socket (ECONNRESET).
 */
function cutOff(c: Context, limit: number): ArgusError {
  c.header('Connection', 'close');
  return tooLarge(limit);
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error('reading the request body failed'));

/** What is used of Node's request as @hono/node-server hands it to the app (`c.env.incoming`). */
interface NodeIncoming {
  on(event: 'data', fn: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', fn: () => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  off(event: string, fn: (...args: never[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  readableEnded: boolean;
}

/**
 * Hands the body's chunks to `take` as they arrive (a promise from it holds the next until settled); a throw from
 * `take` stops the reading and rejects. Served by @hono/node-server, straight from Node's request in flowing mode: the
 * web `Request` and the web stream around the request are made only when something reads `c.req.raw.body`, and at
 * thousands of spans per request they were a visible share of the main thread's work and garbage (issue 19).
 * Otherwise (tests calling `app.request()`, other runtimes) from the web stream, cancelled when `take` throws.
 */
async function readChunks(c: Context, take: (chunk: Buffer) => void | Promise<void>): Promise<void> {
  const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
  if (incoming !== undefined && typeof incoming.on === 'function') {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (e?: Error) => {
        if (settled) return;
        settled = true;
        incoming.off('data', onData);
        incoming.off('end', onEnd);
        incoming.off('error', onError);
        incoming.off('close', onClose);
        // stopped early: the rest is left to @hono/node-server, which drains (or closes) a request body the app did
        // not read once the answer is sent
        if (e === undefined) resolve();
        else reject(e);
      };
      const onData = (chunk: Buffer) => {
        try {
          const r = take(chunk);
          if (r instanceof Promise) {
            incoming.pause();
            r.then(
              () => incoming.resume(),
              (e: unknown) => finish(asError(e)),
            );
          }
        } catch (e) {
          finish(asError(e));
        }
      };
      const onEnd = () => finish();
      const onError = (e: Error) => finish(e);
      const onClose = () => {
        if (!incoming.readableEnded) finish(new Error('the client closed the connection before the body ended'));
      };
      incoming.on('data', onData);
      incoming.on('end', onEnd);
      incoming.on('error', onError);
      incoming.on('close', onClose);
      if (incoming.readableEnded) finish();
    });
    return;
  }
  const stream = c.req.raw.body;
  if (!stream) return;
  const reader = stream.getReader();
  for (;;) {
    const r = await reader.read();
    if (r.done) return;
    try {
      await take(Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength));
    } catch (e) {
      await reader.cancel().catch(() => undefined);
      throw e;
    }
  }
}

/** The declared length against the limit and a supported Content-Encoding, before any byte is read. */
function checkHeaders(c: Context, limit: number): { declared: number; encoding: 'gzip' | 'deflate' | 'identity' } {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const enc = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
  if (!['gzip', 'deflate', 'identity', ''].includes(enc)) {
    throw new ArgusError('UNSUPPORTED_ENCODING', `unsupported Content-Encoding "${enc}": use gzip, deflate or none`, 415);
  }
  return { declared, encoding: enc === 'gzip' || enc === 'deflate' ? enc : 'identity' };
}
