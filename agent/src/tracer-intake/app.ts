import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProtoReadError } from '@argus/otlp-wire';
import type { OtlpTypes } from '@argus/otlp';
import type { EntitySnapshot } from '@argus/sensor-kit';
import { encodingOf, inflate, IntakeError, jsonToProtobuf } from './codec.js';
import type { Coalescer } from './coalesce.js';
import type { IntakeMetrics } from './intake-metrics.js';
import { rewriteRequest } from './rewrite.js';
import type { SignalKind, TracerIntakeOptions } from './types.js';

interface Deps {
  options: TracerIntakeOptions;
  /** the OTLP schema, loaded on the first OTLP/JSON request (protobuf requests never need protobufjs) */
  types: () => Promise<OtlpTypes>;
  maxBodyBytes: number;
  observeRuntime(snapshot: EntitySnapshot): void;
  coalescer: Coalescer;
  metrics: IntakeMetrics;
  liveRuntimes(): number;
}

const EMPTY = new Uint8Array(0);

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown, headers?: Record<string, string>) =>
  send(res, status, 'application/json', JSON.stringify(value), headers);

function reply(res: ServerResponse, status: number, asJson: boolean, message: string, headers: Record<string, string> = {}): void {
  if (asJson) return json(res, status, status < 300 ? {} : { code: status, message }, headers);
  send(res, status, 'application/x-protobuf', EMPTY, headers);
}

interface Body {
  bytes: Uint8Array;
  /** gives the memory back for the next request's body */
  release(): void;
}

/**
 * Receive buffers reused from request to request (a body is only needed until it is rewritten): with a
 * Content-Length the chunks are copied into one of them instead of concatenated into a fresh buffer each time.
 */
const spareBodies: Buffer[] = [];
const noop = () => {};

/** Reads the whole body; resolves undefined (after answering 413) when it is larger than maxBytes. */
function readBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<Body | undefined> {
  const tooLarge = () => {
    json(res, 413, { code: 413, message: `body is larger than ${maxBytes} bytes` }, { connection: 'close' });
    req.resume();
    return undefined;
  };
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) return Promise.resolve(tooLarge());
  let target: Buffer | undefined;
  if (Number.isInteger(declared) && declared > 0) {
    const i = spareBodies.findIndex((b) => b.length >= declared);
    target = i >= 0 ? spareBodies.splice(i, 1)[0] : Buffer.allocUnsafeSlow(Math.max(declared, 64 * 1024));
  }
  const release = () => {
    if (target && spareBodies.length < 4) spareBodies.push(target);
  };
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let copied = 0;
    const onData = (c: Buffer) => {
      if (target && chunks.length === 0 && size + c.length <= target.length) {
        c.copy(target, size);
        copied += c.length;
      } else chunks.push(c);
      size += c.length;
      if (size <= maxBytes) return;
      req.off('data', onData);
      release();
      resolve(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => {
      if (size > maxBytes) return;
      if (target && chunks.length === 0) return resolve({ bytes: target.subarray(0, size), release });
      // no or a wrong Content-Length: what was copied, then the rest
      const parts = target ? [target.subarray(0, copied), ...chunks] : chunks;
      release();
      resolve({ bytes: parts.length === 1 ? parts[0] : Buffer.concat(parts), release: noop });
    });
    req.once('error', (err) => {
      release();
      reject(err);
    });
  });
}

/**
 * The intake's request handler on plain `node:http` (no web Request/Response: those load Node's bundled
 * undici, ~10 MB of RSS for the agent): `GET /` for discovery, `POST /v1/traces` and `POST /v1/metrics`.
 */
export function createIntakeHandler(deps: Deps): (req: IncomingMessage, res: ServerResponse) => void {
  const { options, types, maxBodyBytes } = deps;

  const answer = (
    kind: SignalKind,
    res: ServerResponse,
    status: number,
    asJson: boolean,
    message: string,
    headers?: Record<string, string>,
  ) => {
    deps.metrics.request(kind, status);
    reply(res, status, asJson, message, headers);
  };

  const handle = async (kind: SignalKind, req: IncomingMessage, res: ServerResponse) => {
    const contentType = req.headers['content-type'];
    const wantsJson = (contentType ?? '').toLowerCase().startsWith('application/json');
    const body = await readBody(req, res, maxBodyBytes);
    if (!body) return deps.metrics.request(kind, 413);
    try {
      await handleBody(kind, req, res, body.bytes, wantsJson, contentType);
    } finally {
      body.release();
    }
  };

  const handleBody = async (
    kind: SignalKind,
    req: IncomingMessage,
    res: ServerResponse,
    raw: Uint8Array,
    wantsJson: boolean,
    contentType?: string,
  ) => {
    let rewritten;
    try {
      const encoding = encodingOf(contentType);
      const inflated = inflate(raw, req.headers['content-encoding'], maxBodyBytes);
      const protobuf = encoding === 'json' ? jsonToProtobuf(kind, await types(), inflated) : inflated;
      rewritten = rewriteRequest(kind, protobuf, options.identity, (pid, hints) => options.resolveProcess(pid, hints), {
        remoteAddress: req.socket.remoteAddress,
        remotePort: req.socket.remotePort,
      });
    } catch (err) {
      if (err instanceof IntakeError) return answer(kind, res, err.status, true, err.message);
      if (err instanceof ProtoReadError) {
        const type = kind === 'traces' ? 'ExportTraceServiceRequest' : 'ExportMetricsServiceRequest';
        return answer(kind, res, 400, true, `body is not a valid ${type}: ${err.message}`);
      }
      options.log?.warn({ err }, 'tracer intake: unreadable request');
      return answer(kind, res, 400, true, `unreadable OTLP ${kind} request`);
    }
    if (rewritten.body.length === 0) return answer(kind, res, 200, wantsJson, 'ok');
    if (!deps.coalescer.add(kind, rewritten.body, rewritten.spans, rewritten.spanCount)) {
      deps.metrics.refused(rewritten.spans);
      const retryAfter = String(deps.coalescer.retryAfterSeconds());
      return answer(kind, res, 503, true, 'agent is overloaded, retry later', { 'Retry-After': retryAfter });
    }
    for (const r of rewritten.runtimes) deps.observeRuntime(r);
    deps.metrics.received(rewritten.spans);
    if (rewritten.counters.length > 0) deps.metrics.tracerCounters(rewritten.counters);
    return answer(kind, res, 200, wantsJson, 'ok');
  };

  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const kind: SignalKind | undefined = path === '/v1/traces' ? 'traces' : path === '/v1/metrics' ? 'metrics' : undefined;
    if (req.method === 'POST' && kind) {
      handle(kind, req, res).catch((err: unknown) => {
        options.log?.warn({ err }, 'tracer intake: request failed');
        answer(kind, res, 400, true, `unreadable OTLP ${kind} request`);
      });
      return;
    }
    req.resume();
    if ((req.method === 'GET' || req.method === 'HEAD') && path === '/')
      return json(res, 200, { version: options.version, agent: 'argus' });
    if (req.method === 'GET' && path === '/metrics') {
      const text = deps.metrics.render({ pendingBytes: deps.coalescer.pendingBytes(), runtimes: deps.liveRuntimes() });
      return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', text);
    }
    send(res, 404, 'text/plain; charset=UTF-8', '404 Not Found');
  };
}
