/**
 * Slow and hostile HTTP clients (issue 20 chaos), shared by bench/chaos/slow-clients.ts and its shorter test
 * (test/chaos/slow-clients.test.ts): slowloris headers, trickled bodies, a flood of idle connections, and a
 * well-behaved client measured while they run. Raw sockets, so nothing in between buffers or completes a request.
 */
import { connect, type Socket } from 'node:net';

export interface HostileResult {
  kind: 'slow-headers' | 'slow-body' | 'idle';
  opened: number;
  /** connections the server closed before `capMs` */
  closed: number;
  /** ms from connect to close, per closed connection */
  closeMs: number[];
  /** first status line the server answered with (e.g. "408"), counted */
  statuses: Record<string, number>;
  /** connections that could not even be opened */
  connectErrors: number;
}

interface Opts {
  port: number;
  host?: string;
  /** how many connections */
  connections: number;
  /** a hostile connection still open after this is counted as not closed (and destroyed) */
  capMs: number;
  /** request path (slow-headers, slow-body) */
  path?: string;
  /** one trickled piece every this many ms (slow-headers, slow-body) */
  intervalMs?: number;
  /** extra header lines sent first, e.g. `Authorization: Bearer ...` (so the body is read, not refused at once) */
  headers?: Record<string, string>;
}

function hostile(kind: HostileResult['kind'], o: Opts): Promise<HostileResult> {
  const res: HostileResult = { kind, opened: 0, closed: 0, closeMs: [], statuses: {}, connectErrors: 0 };
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const s: Socket = connect({ port: o.port, host: o.host ?? '127.0.0.1' });
      let timer: NodeJS.Timeout | undefined;
      let answered = false;
      let connected = false;
      const cap = setTimeout(() => {
        s.destroy();
      }, o.capMs);
      s.on('connect', () => {
        connected = true;
        res.opened++;
        const path = o.path ?? '/v1/traces';
        const extra = Object.entries(o.headers ?? {})
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('');
        if (kind === 'slow-headers') {
          s.write(`POST ${path} HTTP/1.1\r\nHost: x\r\n${extra}`);
          let i = 0;
          timer = setInterval(() => s.write(`X-Slow-${i++}: ${'a'.repeat(10)}\r\n`), o.intervalMs ?? 500);
        } else if (kind === 'slow-body') {
          s.write(`POST ${path} HTTP/1.1\r\nHost: x\r\n${extra}Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{`);
          timer = setInterval(() => s.write(' '), o.intervalMs ?? 500);
        }
      });
      s.on('data', (d: Buffer) => {
        if (answered) return;
        answered = true;
        const status = /^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1'))?.[1] ?? 'other';
        res.statuses[status] = (res.statuses[status] ?? 0) + 1;
      });
      s.on('error', () => {
        /* reset by the server: counted at close */
      });
      s.on('close', () => {
        clearTimeout(cap);
        if (timer) clearInterval(timer);
        const ms = performance.now() - t0;
        if (!connected) res.connectErrors++;
        else if (ms < o.capMs - 5) {
          res.closed++;
          res.closeMs.push(ms);
        }
        resolve();
      });
    });
  return Promise.all(Array.from({ length: o.connections }, one)).then(() => res);
}

/** slowloris: request line, then one more header line every `intervalMs`, never the blank line */
export const slowHeaders = (o: Opts) => hostile('slow-headers', o);
/** complete headers announcing 1 MB, then one byte of body every `intervalMs` */
export const slowBody = (o: Opts) => hostile('slow-body', o);
/** connect and send nothing */
export const idleFlood = (o: Opts) => hostile('idle', o);

export interface GoodClientResult {
  requests: number;
  ok: number;
  failures: string[];
  latenciesMs: number[];
}

/** calls `request` every `periodMs` until `until` settles; a non-ok answer or error is a failure */
export async function goodClient(request: () => Promise<Response>, periodMs: number, until: Promise<unknown>): Promise<GoodClientResult> {
  const r: GoodClientResult = { requests: 0, ok: 0, failures: [], latenciesMs: [] };
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const t0 = performance.now();
    r.requests++;
    try {
      const res = await request();
      await res.arrayBuffer();
      if (res.ok) r.ok++;
      else r.failures.push(`HTTP ${res.status}`);
    } catch (e) {
      r.failures.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
    r.latenciesMs.push(performance.now() - t0);
    await new Promise((s) => setTimeout(s, periodMs));
  }
  return r;
}
