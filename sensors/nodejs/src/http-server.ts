import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import { RPCType, setRPCMetadata, type RPCMetadata } from '@opentelemetry/core';
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { installRequestContextBinding, setRequestContext } from './request-context.js';
import { setServerTiming } from './server-timing.js';

export interface HttpServerOptions {
  serverTiming: boolean;
  /** lower-case request header names recorded as `http.request.header.<name>` */
  captureHeaders: string[];
}

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
const PATCHED = Symbol.for('argus.http.server.emit');

/**
 * Server spans for node:http and node:https, the hot path of every traced app, written lean instead of
 * using the generic OpenTelemetry http instrumentation (which stays on for outgoing calls): one span with
 * stable semantic-convention attributes, the W3C parent from `traceparent`, the route from the framework
 * instrumentations (express, fastify, koa set it on the RPC metadata), `Server-Timing` for the browser,
 * and request-body listeners bound to the span's context (request-context.ts) so body parsers keep the trace.
 * Returns a function that restores the original `emit`.
 */
export function installHttpServerTracing(tracer: Tracer, options: HttpServerOptions): () => void {
  const restores = [
    installRequestContextBinding(),
    patch(http.Server.prototype, tracer, options, 'http'),
    patch(https.Server.prototype, tracer, options, 'https'),
  ];
  return () => restores.forEach((r) => r());
}

function patch(proto: http.Server, tracer: Tracer, options: HttpServerOptions, scheme: 'http' | 'https'): () => void {
  const target = proto as unknown as { emit: Emit; [PATCHED]?: boolean };
  if (target[PATCHED]) return () => {};
  const hadOwn = Object.prototype.hasOwnProperty.call(target, 'emit');
  const original: Emit = target.emit;
  const headers = options.captureHeaders;

  const emit: Emit = function (this: http.Server, event, ...args) {
    if (event !== 'request') return original.call(this, event, ...args);
    const req = args[0] as IncomingMessage;
    const res = args[1] as ServerResponse;
    let span;
    let ctx;
    let rpc: RPCMetadata;
    try {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const attrs: Attributes = {
        'http.request.method': method,
        'url.scheme': scheme,
        'url.path': q < 0 ? url : url.slice(0, q),
        'network.protocol.version': req.httpVersion,
      };
      if (q >= 0) attrs['url.query'] = url.slice(q + 1);
      const host = req.headers.host;
      if (host) {
        const colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']', colon) < 0) {
          attrs['server.address'] = host.slice(0, colon);
          attrs['server.port'] = Number(host.slice(colon + 1));
        } else attrs['server.address'] = host;
      }
      const ua = req.headers['user-agent'];
      if (ua) attrs['user_agent.original'] = ua;
      const client = req.socket?.remoteAddress;
      if (client) attrs['client.address'] = client;
      for (const name of headers) {
        const v = req.headers[name];
        if (v !== undefined) attrs[`http.request.header.${name}`] = Array.isArray(v) ? v : [v];
      }
      const parent = req.headers.traceparent ? propagation.extract(ROOT_CONTEXT, req.headers) : ROOT_CONTEXT;
      span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: attrs }, parent);
      rpc = { type: RPCType.HTTP, span };
      ctx = setRPCMetadata(trace.setSpan(parent, span), rpc);
      if (options.serverTiming) setServerTiming(span, res, req.headers.origin !== undefined);
      setRequestContext(req, res, ctx);
      (res as Traced)[kTrace] = rpc;
      // one shared listener, no per-request closure ('close' fires once per response)
      res.on('close', onClose);
    } catch {
      // tracing failed for this request: serve it untraced
      return original.call(this, event, ...args);
    }
    try {
      return context.with(ctx, original, this, event, ...args);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
      throw err;
    }
  };

  Object.defineProperty(emit, PATCHED, { value: true });
  target.emit = emit;
  target[PATCHED] = true;
  return () => {
    if (hadOwn) target.emit = original;
    else delete (target as { emit?: Emit }).emit;
    delete target[PATCHED];
  };
}

const kTrace = Symbol('argus.http.server.span');
type Traced = ServerResponse & { [kTrace]?: RPCMetadata };

function onClose(this: ServerResponse): void {
  const rpc = (this as Traced)[kTrace];
  if (rpc === undefined) return;
  (this as Traced)[kTrace] = undefined;
  finish(rpc.span, rpc, this.req?.method ?? 'GET', this);
}

function finish(span: import('@opentelemetry/api').Span, rpc: RPCMetadata, method: string, res: ServerResponse): void {
  try {
    const status = res.statusCode;
    span.setAttribute('http.response.status_code', status);
    if (rpc.route) {
      span.setAttribute('http.route', rpc.route);
      span.updateName(`${method} ${rpc.route}`);
    }
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    else if (!res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'response aborted' });
    span.end();
  } catch {
    // never throw from a response listener
  }
}
