import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import http from 'node:http';
import https from 'node:https';
import { gzip } from 'node:zlib';

export interface TransportOptions {
  /** OTLP/HTTP base URL, e.g. http://127.0.0.1:42699 */
  endpoint: string;
  headers: Record<string, string>;
  timeoutMs: number;
  compression: 'gzip' | 'none';
  /** sockets kept open (exports in flight + the metrics export) */
  sockets: number;
}

export type PostResult =
  | { ok: true }
  /** worth another try (network error, timeout, 429, 502-504); `retryAfterMs` from Retry-After when given */
  | { ok: false; retry: true; retryAfterMs?: number; error: ExportError }
  | { ok: false; retry: false; error: ExportError };

export class ExportError extends Error {
  constructor(
    message: string,
    readonly code: 'ARGUS_EXPORT_HTTP' | 'ARGUS_EXPORT_NETWORK' | 'ARGUS_EXPORT_TIMEOUT' | 'ARGUS_EXPORT_SHUTDOWN',
  ) {
    super(message);
  }
}

export interface Transport {
  /** POSTs an OTLP protobuf body to `<endpoint><path>`; never rejects */
  post(path: '/v1/traces' | '/v1/metrics', body: Buffer): Promise<PostResult>;
  close(): void;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
/** the tracer's own requests are never traced (the http client instrumentation sees this context) */
const UNTRACED = suppressTracing(ROOT_CONTEXT);

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/**
 * OTLP/HTTP protobuf over plain keep-alive node:http(s): no promise queue or retry machinery here (the span buffer
 * decides about retries and bounds what waits), gzip on zlib's thread pool when enabled (off on loopback by
 * default: CPU matters more there than bytes).
 */
export function createTransport(opts: TransportOptions): Transport {
  const base = new URL(opts.endpoint);
  const secure = base.protocol === 'https:';
  const agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: opts.sockets });
  const request = secure ? https.request : http.request;
  const headers = {
    ...opts.headers,
    'Content-Type': 'application/x-protobuf',
    ...(opts.compression === 'gzip' ? { 'Content-Encoding': 'gzip' } : {}),
  };
  const basePath = base.pathname.replace(/\/+$/, '');
  let closed = false;

  const send = (path: string, body: Buffer): Promise<PostResult> =>
    new Promise((resolve) => {
      let settled = false;
      const done = (r: PostResult) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      const options = {
        protocol: base.protocol,
        hostname: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port,
        path: basePath + path,
        method: 'POST',
        agent,
        headers: { ...headers, 'Content-Length': body.length },
      };
      const req = context.with(UNTRACED, () =>
        request(options, (res) => {
          res.resume();
          res.on('error', () => done({ ok: false, retry: true, error: new ExportError('response aborted', 'ARGUS_EXPORT_NETWORK') }));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return done({ ok: true });
            const error = new ExportError(`export refused with HTTP ${status}`, 'ARGUS_EXPORT_HTTP');
            if (RETRYABLE.has(status)) done({ ok: false, retry: true, retryAfterMs: retryAfterMs(res.headers['retry-after']), error });
            else done({ ok: false, retry: false, error });
          });
        }),
      );
      req.setTimeout(opts.timeoutMs, () => {
        req.destroy();
        done({ ok: false, retry: true, error: new ExportError(`export timed out after ${opts.timeoutMs} ms`, 'ARGUS_EXPORT_TIMEOUT') });
      });
      req.on('error', (err) => done({ ok: false, retry: true, error: new ExportError(err.message, 'ARGUS_EXPORT_NETWORK') }));
      req.end(body);
    });

  return {
    post(path, body) {
      if (closed)
        return Promise.resolve({ ok: false, retry: false, error: new ExportError('exporter shut down', 'ARGUS_EXPORT_SHUTDOWN') });
      if (opts.compression !== 'gzip') return send(path, body);
      return new Promise((resolve) => {
        gzip(body, (err, zipped) => {
          if (err) resolve({ ok: false, retry: false, error: new ExportError(err.message, 'ARGUS_EXPORT_NETWORK') });
          else void send(path, zipped).then(resolve);
        });
      });
    },
    close() {
      closed = true;
      agent.destroy();
    },
  };
}
