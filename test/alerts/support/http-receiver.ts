import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
  at: number;
}

export type Reply = { status: number; body?: string; headers?: Record<string, string> };

/**
 * A loopback HTTP receiver: records every POST and answers through `handle` (validation, rate limits) or an
 * injected failure queued with `failNext`.
 */
export async function startHttpReceiver(handle: (r: Received, all: Received[]) => Reply) {
  const accepted: Received[] = [];
  const attempts: Received[] = [];
  const failures: Reply[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const r: Received = { path: req.url ?? '/', headers: req.headers, body, json, at: Date.now() };
      attempts.push(r);
      const reply = failures.shift() ?? handle(r, accepted);
      if (reply.status >= 200 && reply.status < 300) accepted.push(r);
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    attempts,
    failNext: (reply: Reply) => failures.push(reply),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type HttpReceiver = Awaited<ReturnType<typeof startHttpReceiver>>;

/** A port nothing listens on (bound then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
