import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The ingest port answers a request that did not arrive within the HTTP timeouts (headers or whole request) with
 * `503` + `Retry-After` instead of Node's `408`: OTLP/HTTP clients retry 429/502/503/504 but not 408, so a client
 * whose request was slowed by an overloaded collector retries it instead of dropping it. Other client errors get
 * Node's own answers (431 for oversized headers, 400 otherwise); nothing is written on a connection that already
 * had a response.
 */
export function answerTimeoutsWith503(server: Server, retryAfterSeconds = 1): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
    if (socket.writable && (socket.bytesWritten ?? 0) === 0) {
      socket.write(answer(err.code));
    }
    socket.destroy(err);
  });
  function answer(code: string | undefined): string {
    if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      const body = JSON.stringify({
        code: 'REQUEST_TIMEOUT',
        message: 'the request did not arrive in time (the collector may be overloaded); retry later',
      });
      return (
        `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${retryAfterSeconds}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
      );
    }
    if (code === 'HPE_HEADER_OVERFLOW') return 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n';
    return 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';
  }
}
