import { mkdirSync } from 'node:fs';
import { findFreePort, spawnChild, waitFor, type ChildHandle } from '@argus/supervise';
import { Redis } from 'ioredis';
import { findBinary } from './binaries.js';

export interface DemoRedis {
  url: string;
  child: ChildHandle;
}

/** Starts a private Redis on a free loopback port, or returns undefined when redis-server is not installed. */
export async function startDemoRedis(dir: string, logFile: string, note: (msg: string) => void): Promise<DemoRedis | undefined> {
  const binary = findBinary('redis-server');
  if (!binary) {
    note('Redis is not installed: checkout keeps carts in its in-process store');
    return undefined;
  }
  mkdirSync(dir, { recursive: true });
  const port = await findFreePort();
  const child = spawnChild({
    name: 'redis',
    command: binary,
    cwd: dir,
    logFile,
    detached: false,
    args: ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
  });
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        redis.on('error', () => {}); // connection refused while it starts: the probe's rejection says it
        try {
          await redis.connect();
          return (await redis.ping()) === 'PONG' ? true : undefined;
        } finally {
          redis.disconnect();
        }
      },
      { what: 'the demo Redis', timeoutMs: 15_000, abort: child.exited.then((e) => new Error(`redis exited (code ${String(e.code)})`)) },
    );
  } catch (err) {
    await child.stop(3000);
    note(`Redis did not start (${(err as Error).message}; see ${logFile}): checkout uses its in-process store`);
    return undefined;
  }
  return { url, child };
}
