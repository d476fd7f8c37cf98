import type { Server } from 'node:http';
import type { Express } from 'express';
import { z } from 'zod';

/** Reads and validates a service's environment once; exits with a clear message when it is wrong. */
export function readEnv<S extends z.ZodRawShape>(service: string, shape: S): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    console.error(`[${service}] bad environment:\n${lines.join('\n')}`);
    process.exit(2);
  }
  return parsed.data;
}

export const portSchema = z.coerce.number().int().min(1).max(65535);

/** Error raised by an upstream call; the status is passed through to our caller. */
export class UpstreamError extends Error {
  readonly code = 'UPSTREAM_ERROR';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Calls another demo service over HTTP and parses its JSON answer (non-2xx -> UpstreamError with its status). */
export async function callJson<T>(url: string, init?: { method?: string; body?: unknown; timeoutMs?: number }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init?.method ?? 'GET',
      headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init?.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new UpstreamError(502, `${new URL(url).host} unreachable: ${(err as Error).message}`);
  }
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const message = (body as { error?: string } | undefined)?.error ?? `HTTP ${res.status}`;
    throw new UpstreamError(res.status, message);
  }
  return body as T;
}

/** Express error handler: upstream statuses pass through, everything else is a 500 with the message. */
export function errorHandler(service: string) {
  return (err: unknown, _req: unknown, res: import('express').Response, _next: unknown) => {
    const status = err instanceof UpstreamError ? err.status : 500;
    const message = err instanceof Error ? err.message : String(err);
    if (status >= 500) console.error(`[${service}] ${status} ${message}`);
    res.status(status).json({ error: message });
  };
}

/** The tracer started by `--import @argus/nodejs/register` (it keeps one instance per process under this symbol). */
function runningTracer(): { shutdown(): Promise<void> } | undefined {
  const tracer = (globalThis as Record<symbol, unknown>)[Symbol.for('argus.nodejs.tracer')];
  return tracer && typeof (tracer as { shutdown?: unknown }).shutdown === 'function'
    ? (tracer as { shutdown(): Promise<void> })
    : undefined;
}

/**
 * Listens, and on SIGTERM/SIGINT stops taking requests, closes `cleanup` (database pools), flushes the tracer's
 * last spans and metrics to the agent, then exits. A safety timer ends it if any step hangs.
 */
export function serve(service: string, app: Express, port: number, cleanup: () => Promise<void> = async () => {}): Server {
  const server = app.listen(port, '127.0.0.1', () => {
    console.log(`[${service}] listening on http://127.0.0.1:${port}`);
  });
  server.keepAliveTimeout = 5000;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 8000).unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    });
    await cleanup().catch((err: unknown) => console.error(`[${service}] cleanup failed: ${(err as Error).message}`));
    await runningTracer()
      ?.shutdown()
      .catch(() => {});
    console.log(`[${service}] stopped`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  return server;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
