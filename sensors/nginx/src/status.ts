import http from 'node:http';
import https from 'node:https';

export interface StubStatus {
  active: number;
  accepts: number;
  handled: number;
  requests: number;
  reading: number;
  writing: number;
  waiting: number;
}

/**
 * Active connections: 291
 * server accepts handled requests
 *  16630948 16630948 31070465
 * Reading: 6 Writing: 179 Waiting: 106
 */
export function parseStubStatus(body: string): StubStatus | null {
  const active = /Active connections:\s*(\d+)/.exec(body);
  const counts = /accepts handled requests\s+(\d+)\s+(\d+)\s+(\d+)/.exec(body);
  const rww = /Reading:\s*(\d+)\s+Writing:\s*(\d+)\s+Waiting:\s*(\d+)/.exec(body);
  if (!active || !counts || !rww) return null;
  return {
    active: Number(active[1]),
    accepts: Number(counts[1]),
    handled: Number(counts[2]),
    requests: Number(counts[3]),
    reading: Number(rww[1]),
    writing: Number(rww[2]),
    waiting: Number(rww[3]),
  };
}

export interface StatusResponse {
  status: StubStatus | null;
  httpStatus: number;
  /** `Server` header, e.g. nginx/1.22.1 */
  server?: string;
}

export interface StatusFetcher {
  get(url: string, host: string | undefined, signal: AbortSignal): Promise<StatusResponse>;
  close(): void;
}

/** One keep-alive socket per instance, so a 1-second poll costs one request, not one connection. */
export function createStatusFetcher(timeoutMs: number): StatusFetcher {
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false }),
  };
  return {
    get(url, host, signal) {
      const secure = url.startsWith('https:');
      const mod = secure ? https : http;
      return new Promise((resolve, reject) => {
        const req = mod.get(
          url,
          {
            agent: secure ? agents.https : agents.http,
            headers: { ...(host ? { host } : {}), 'user-agent': 'argus-agent' },
            signal,
            timeout: timeoutMs,
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => {
              if (body.length < 4096) body += c;
            });
            res.on('end', () => {
              const server = res.headers.server === undefined ? undefined : String(res.headers.server);
              resolve({ status: res.statusCode === 200 ? parseStubStatus(body) : null, httpStatus: res.statusCode ?? 0, server });
            });
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
        req.on('error', reject);
      });
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
