import { abortable } from '@argus/sensor-kit';
import type { PostgresCredentials } from './config.js';

export type PgFailure = 'auth' | 'permission' | 'database' | 'unreachable';

export interface PgConnection {
  /** host or socket directory in use */
  via: string;
  /** true once the server closed the connection or it errored */
  readonly broken: boolean;
  query<T>(sql: string, signal: AbortSignal): Promise<T[]>;
  close(): Promise<void>;
}

export function classifyPgError(err: unknown): PgFailure {
  const e = err as { code?: string; message?: string };
  const msg = e?.message ?? String(err);
  if (e?.code === '28P01' || e?.code === '28000') return 'auth';
  if (/password must be a string|password authentication|peer authentication|no pg_hba\.conf entry|SASL/i.test(msg)) return 'auth';
  if (e?.code === '42501' || /permission denied|must be superuser/i.test(msg)) return 'permission';
  if (e?.code === '3D000') return 'database';
  return 'unreachable';
}

const RANK: Record<PgFailure, number> = { auth: 3, permission: 2, database: 1, unreachable: 0 };

export type ConnectResult = { ok: true; conn: PgConnection } | { ok: false; kind: PgFailure; error: unknown; via: string };

/**
 * pg asks "is this Cloudflare Workers?" when it loads: without a global `navigator` (Node 20 has none) it builds a
 * `Response`, which loads undici, which compiles its HTTP parser as WebAssembly. The deployed agent runs with
 * --lite-mode (no WebAssembly), so that compile rejected unobserved and crashed the agent the first time it met a
 * PostgreSQL. A `navigator` naming Node.js (what Node >= 21 provides itself) answers pg's question without undici.
 */
function noCloudflareProbe(): void {
  const g = globalThis as { navigator?: unknown };
  g.navigator ??= { userAgent: `Node.js/${process.versions.node}` };
}

async function connectOne(host: string, port: number, creds: PostgresCredentials, timeoutMs: number): Promise<PgConnection> {
  // loaded on first use: an agent on a host without PostgreSQL never pays for the client library
  noCloudflareProbe();
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    host,
    port,
    user: creds.user,
    password: creds.password,
    database: creds.database,
    application_name: 'argus-agent',
    connectionTimeoutMillis: Math.max(timeoutMs * 2, 2000),
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 200,
  });
  let broken = false;
  client.on('error', () => (broken = true));
  client.on('end', () => (broken = true));
  try {
    await client.connect();
  } catch (err) {
    client.end().catch(() => {});
    throw err;
  }
  let inflight: Promise<unknown> | undefined;
  return {
    via: host,
    get broken() {
      return broken;
    },
    async query<T>(sql: string, signal: AbortSignal) {
      // one query at a time: a slow server must not pile up queued monitoring queries
      if (inflight)
        await abortable(
          inflight.catch(() => {}),
          signal,
        );
      const run = client.query(sql);
      inflight = run.catch(() => undefined).finally(() => (inflight = undefined));
      const res = await abortable(run, signal);
      return res.rows as T[];
    },
    async close() {
      broken = true;
      await client.end().catch(() => {});
    },
  };
}

/**
 * Try the candidates in order (socket directories first, then TCP), keep the first that works.
 * When none works, report the most telling failure (bad credentials beat "connection refused").
 */
export async function connectPostgres(
  candidates: string[],
  port: number,
  creds: PostgresCredentials,
  timeoutMs: number,
): Promise<ConnectResult> {
  let worst: { kind: PgFailure; error: unknown; via: string } | undefined;
  for (const host of candidates) {
    try {
      return { ok: true, conn: await connectOne(host, port, creds, timeoutMs) };
    } catch (error) {
      const kind = classifyPgError(error);
      if (!worst || RANK[kind] > RANK[worst.kind]) worst = { kind, error, via: host };
    }
  }
  return worst ? { ok: false, ...worst } : { ok: false, kind: 'unreachable', error: new Error('no address to try'), via: '' };
}
