import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import http from 'node:http';
import https from 'node:https';
import { gzip } from 'node:zlib';
import { createSpanEncoder } from './span-encoder.js';

export interface TraceExporterOptions {
  /** full URL, e.g. http://127.0.0.1:42699/v1/traces */
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  compression: 'gzip' | 'none';
}

export class ExportError extends Error {
  constructor(
    message: string,
    readonly code: 'ARGUS_EXPORT_HTTP' | 'ARGUS_EXPORT_NETWORK' | 'ARGUS_EXPORT_TIMEOUT' | 'ARGUS_EXPORT_SHUTDOWN',
  ) {
    super(message);
  }
}

/**
 * OTLP/HTTP protobuf span exporter: the batch is encoded in one pass (span-encoder.ts) and POSTed on a
 * keep-alive connection. No retries and no internal queue: the batch processor bounds concurrency, and a
 * failed batch is reported (and counted as dropped) instead of piling up while the target is down.
 */
export function createTraceExporter(opts: TraceExporterOptions): SpanExporter {
  const url = new URL(opts.url);
  const secure = url.protocol === 'https:';
  const agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 2 });
  const request = secure ? https.request : http.request;
  const encode = createSpanEncoder();
  const baseHeaders = {
    ...opts.headers,
    'Content-Type': 'application/x-protobuf',
    ...(opts.compression === 'gzip' ? { 'Content-Encoding': 'gzip' } : {}),
  };
  let closed = false;
  const pending = new Set<Promise<void>>();

  const send = (body: Buffer, done: (r: ExportResult) => void) => {
    let settled = false;
    const finish = (error?: ExportError) => {
      if (settled) return;
      settled = true;
      done(error ? { code: ExportResultCode.FAILED, error } : { code: ExportResultCode.SUCCESS });
    };
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...baseHeaders, 'Content-Length': body.length }, timeout: opts.timeoutMs },
      (res) => {
        res.resume();
        res.on('error', () => finish(new ExportError('response aborted', 'ARGUS_EXPORT_NETWORK')));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          finish(status >= 200 && status < 300 ? undefined : new ExportError(`export refused with HTTP ${status}`, 'ARGUS_EXPORT_HTTP'));
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      finish(new ExportError(`export timed out after ${opts.timeoutMs} ms`, 'ARGUS_EXPORT_TIMEOUT'));
    });
    req.on('error', (err) => finish(new ExportError(err.message, 'ARGUS_EXPORT_NETWORK')));
    req.end(body);
  };

  return {
    export(spans: ReadableSpan[], done: (r: ExportResult) => void) {
      if (closed) return done({ code: ExportResultCode.FAILED, error: new ExportError('exporter shut down', 'ARGUS_EXPORT_SHUTDOWN') });
      let body: Buffer;
      try {
        body = encode(spans);
      } catch (err) {
        return done({ code: ExportResultCode.FAILED, error: err as Error });
      }
      const p = new Promise<void>((resolve) => {
        const complete = (r: ExportResult) => {
          pending.delete(p);
          resolve();
          done(r);
        };
        if (opts.compression !== 'gzip') return send(body, complete);
        // compressed off the event loop (zlib's thread pool)
        gzip(body, (err, zipped) => (err ? complete({ code: ExportResultCode.FAILED, error: err }) : send(zipped, complete)));
      });
      pending.add(p);
    },
    async forceFlush() {
      await Promise.all(pending);
    },
    async shutdown() {
      closed = true;
      await Promise.all(pending);
      agent.destroy();
    },
  };
}
