import { abortable, within } from '@argus/sensor-kit';
import type { Redis } from 'ioredis';

export interface RedisInfoClient {
  /**
   * `INFO` (default sections: everything but commandstats/latencystats); rejects with the server's error (e.g. NOAUTH) or a connection error; resolves with
   * undefined while a (re)connect is still in progress after `waitMs`
   */
  info(signal: AbortSignal, waitMs: number): Promise<string | undefined>;
  /** last error seen on the connection (an AUTH failure during connect closes the socket) */
  lastError(): unknown;
  close(): void;
}

export interface RedisClientOptions {
  host: string;
  port: number;
  user?: string;
  password?: string;
  timeoutMs: number;
}

/**
 * One persistent connection per instance. Commands fail fast while disconnected (no offline queue);
 * ioredis reconnects in the background with backoff until close().
 */
export function createRedisInfoClient(opts: RedisClientOptions): RedisInfoClient {
  // ioredis is loaded on first use: an agent on a host without Redis never pays for the client library
  let closed = false;
  let last: unknown;
  const ready: Promise<Redis> = import('ioredis').then(({ Redis: Client }) => {
    const client = new Client({
      host: opts.host,
      port: opts.port,
      username: opts.user,
      password: opts.password,
      connectionName: 'argus-agent',
      lazyConnect: true,
      enableOfflineQueue: false,
      enableReadyCheck: false,
      maxRetriesPerRequest: 0,
      connectTimeout: Math.max(opts.timeoutMs, 1000),
      commandTimeout: opts.timeoutMs,
      retryStrategy: (times) => Math.min(250 * times, 5000),
    });
    // errors surface through command rejections; an unhandled 'error' event would crash the agent
    client.on('error', (err) => (last = err));
    if (closed) client.disconnect(false);
    return client;
  });
  let connecting: Promise<void> | undefined;
  return {
    async info(signal, waitMs) {
      const client = await ready;
      if (client.status === 'wait' && !connecting) {
        connecting = client.connect().finally(() => (connecting = undefined));
        connecting.catch(() => {}); // surfaced below or by the next command
      }
      if (
        connecting &&
        (await within(
          connecting.then(() => true),
          waitMs,
          signal,
        )) === undefined
      )
        return undefined;
      const text = await abortable(client.info(), signal);
      last = undefined;
      return text;
    },
    lastError: () => last,
    close() {
      closed = true;
      void ready.then(
        (client) => client.disconnect(false),
        () => undefined,
      );
    },
  };
}

export type RedisFailure = 'auth_missing' | 'auth_wrong' | 'permission' | 'unreachable';

export function classifyRedisError(err: unknown): RedisFailure {
  const msg = err instanceof Error ? err.message : String(err);
  if (/NOAUTH|Authentication required/i.test(msg)) return 'auth_missing';
  if (/WRONGPASS|invalid password|invalid username-password/i.test(msg)) return 'auth_wrong';
  if (/NOPERM/i.test(msg)) return 'permission';
  return 'unreachable';
}
