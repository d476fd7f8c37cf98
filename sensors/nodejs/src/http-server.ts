import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes, type Context, type Tracer } from '@opentelemetry/api';
import dc from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { clientAddress, serverAddress } from './http-address.js';
import { ServerContext } from './lean/context.js';
import { setServerTiming } from './server-timing.js';

export interface HttpServerOptions {
  serverTiming: boolean;
  /** lower-case request header names recorded as `http.request.header.<name>` */
  captureHeaders: string[];
}

const CHANNEL = 'http.server.request.start';
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);
const kContext = Symbol('argus.http.server.context');
type Traced = ServerResponse & { [kContext]?: ServerContext };

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  socket: Socket & { encrypted?: boolean };
  server: Server;
}

/**
 * Server spans for node:http and node:https, the hot path of every traced app. Node publishes
 * `http.server.request.start` on a diagnostics channel just before it emits 'request'; the subscriber starts the
 * span (the attributes of @opentelemetry/instrumentation-http with stable semantic conventions, the W3C parent
 * from `traceparent`), makes its context current with AsyncLocalStorage.enterWith (the request handler and
 * everything it schedules run in it, and so do the request's body events, which Node emits from the same
 * connection resource), sets `Server-Timing`, and ends the span when the response closes, with the route the
 * framework instrumentations wrote into the RPC metadata (express, fastify, koa). Nothing is monkey-patched.
 * Returns a function that unsubscribes.
 */
export function installHttpServerTracing(tracer: Tracer, enter: (ctx: Context) => void, options: HttpServerOptions): () => void {
  const headers = options.captureHeaders;
  const onStart = (message: unknown) => {
    try {
      const { request: req, response: res, socket } = message as RequestStart;
      const method = req.method ?? 'GET';
      const normalized = KNOWN_METHODS.has(method) ? method : normalize(method);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const scheme = socket.encrypted ? 'https' : 'http';
      const h = req.headers;
      const server = serverAddress(h, scheme);
      const attrs: Attributes = {
        'http.request.method': normalized,
        'url.scheme': scheme,
        'server.address': server?.host,
        'network.peer.address': socket.remoteAddress,
        'network.peer.port': socket.remotePort,
        'network.protocol.version': req.httpVersion,
        'user_agent.original': h['user-agent'],
        'url.path': q < 0 ? url : url.slice(0, q),
      };
      if (q >= 0 && q < url.length - 1) attrs['url.query'] = url.slice(q + 1);
      const client = clientAddress(h, socket);
      if (client !== undefined) attrs['client.address'] = client;
      if (server?.port !== undefined) attrs['server.port'] = server.port;
      if (method !== normalized) attrs['http.request.method_original'] = method;
      for (const name of headers) {
        const v = h[name];
        if (v !== undefined) attrs[`http.request.header.${name}`] = Array.isArray(v) ? v : [v];
      }
      const parent = h.traceparent === undefined ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, h);
      const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: attrs }, parent);
      const ctx = new ServerContext(parent, span);
      if (options.serverTiming) setServerTiming(span, res, h.origin !== undefined);
      (res as Traced)[kContext] = ctx;
      // one shared listener, no per-request closure ('close' fires once per response, aborted ones included)
      res.on('close', onClose);
      enter(ctx);
    } catch {
      // tracing failed for this request: it is served untraced
    }
  };
  dc.subscribe(CHANNEL, onStart);
  return () => dc.unsubscribe(CHANNEL, onStart);
}

function normalize(method: string): string {
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

function onClose(this: ServerResponse): void {
  const ctx = (this as Traced)[kContext];
  if (ctx === undefined) return;
  (this as Traced)[kContext] = undefined;
  try {
    const { span, route } = ctx;
    const status = this.statusCode;
    span.setAttribute('http.response.status_code', status);
    if (route !== undefined) {
      span.setAttribute('http.route', route);
      if (route) span.updateName(`${this.req.method ?? 'GET'} ${route}`);
    }
    if (status >= 500 || status < 100) span.setStatus({ code: SpanStatusCode.ERROR });
    else if (!this.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'response aborted' });
    span.end();
  } catch {
    // never throw from a response listener
  }
}
