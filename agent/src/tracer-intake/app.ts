import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OtlpTypes } from '@argus/otlp';
import { decodeRequest, encodingOf, inflate, IntakeError } from './codec.js';
import { enrichResources, type ResourceEntry } from './enrich.js';
import type { SignalKind, TracerIntakeOptions } from './types.js';

interface Deps {
  options: TracerIntakeOptions;
  /** the OTLP schema, loaded on the first request (protobufjs is not needed by an agent without tracers) */
  types: () => Promise<OtlpTypes>;
  maxBodyBytes: number;
  observeRuntime(snapshot: import('@argus/sensor-kit').EntitySnapshot): void;
}

/** Error thrown by `forward` when the agent's buffer is full. */
interface OverloadError {
  status?: number;
  retryAfterSeconds?: number;
  message?: string;
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

/** Reads the whole body; resolves undefined (after answering 413) when it is larger than maxBytes. */
function readBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<Uint8Array | undefined> {
  const tooLarge = () => {
    json(res, 413, { code: 413, message: `body is larger than ${maxBytes} bytes` }, { connection: 'close' });
    req.resume();
    return undefined;
  };
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.resolve(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= maxBytes) return void chunks.push(c);
      req.off('data', onData);
      resolve(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(size <= maxBytes ? (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)) : undefined));
    req.once('error', reject);
  });
}

/**
 * The intake's request handler on plain `node:http` (no web Request/Response: those load Node's bundled
 * undici, ~10 MB of RSS for the agent): `GET /` for discovery, `POST /v1/traces` and `POST /v1/metrics`.
 */
export function createIntakeHandler(deps: Deps): (req: IncomingMessage, res: ServerResponse) => void {
  const { options, types, maxBodyBytes } = deps;

  const handle = async (kind: SignalKind, req: IncomingMessage, res: ServerResponse) => {
    const contentType = req.headers['content-type'];
    const wantsJson = (contentType ?? '').toLowerCase().startsWith('application/json');
    const raw = await readBody(req, res, maxBodyBytes);
    if (!raw) return;
    let body: Uint8Array;
    try {
      const encoding = encodingOf(contentType);
      const inflated = inflate(raw, req.headers['content-encoding'], maxBodyBytes);
      const t = await types();
      const type = kind === 'traces' ? t.ExportTraceServiceRequest : t.ExportMetricsServiceRequest;
      const msg = decodeRequest(type, inflated, encoding) as unknown as {
        resourceSpans?: ResourceEntry[];
        resourceMetrics?: ResourceEntry[];
      };
      const entries = (kind === 'traces' ? msg.resourceSpans : msg.resourceMetrics) ?? [];
      if (entries.length === 0) return reply(res, 200, wantsJson, 'ok');
      const { runtimes } = enrichResources(entries, options.identity, options.resolveProcess, {
        remoteAddress: req.socket.remoteAddress,
        remotePort: req.socket.remotePort,
      });
      for (const r of runtimes) deps.observeRuntime(r);
      body = type.encode(msg).finish();
    } catch (err) {
      if (err instanceof IntakeError) return reply(res, err.status, true, err.message);
      options.log?.warn({ err }, 'tracer intake: unreadable request');
      return reply(res, 400, true, `unreadable OTLP ${kind} request`);
    }
    try {
      await options.forward(kind, body);
      return reply(res, 200, wantsJson, 'ok');
    } catch (err) {
      const e = (err ?? {}) as OverloadError;
      const retryAfter = String(Math.max(1, Math.ceil(e.retryAfterSeconds ?? 5)));
      const status = e.status === 429 ? 429 : 503;
      options.log?.debug({ err }, 'tracer intake: forward refused');
      return reply(res, status, true, e.message ?? 'agent is overloaded, retry later', { 'Retry-After': retryAfter });
    }
  };

  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const kind: SignalKind | undefined = path === '/v1/traces' ? 'traces' : path === '/v1/metrics' ? 'metrics' : undefined;
    if (req.method === 'POST' && kind) {
      handle(kind, req, res).catch((err) => {
        options.log?.warn({ err }, 'tracer intake: request failed');
        reply(res, 400, true, `unreadable OTLP ${kind} request`);
      });
      return;
    }
    req.resume();
    if ((req.method === 'GET' || req.method === 'HEAD') && path === '/')
      return json(res, 200, { version: options.version, agent: 'argus' });
    send(res, 404, 'text/plain; charset=UTF-8', '404 Not Found');
  };
}
