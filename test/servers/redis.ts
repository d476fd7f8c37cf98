import { readyOrRemove, spawnServer } from './process.js';
import { canConnect, freePort, makeTempDir, removeDir, waitUntil } from './util.js';

export interface RedisServer {
  port: number;
  pid: number;
  password?: string;
  dir: string;
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  password?: string;
  /** reuse a port, e.g. to restart a server "on the same port" */
  port?: number;
  /** extra `--name value` arguments */
  args?: string[];
}

/** Start `redis-server` in the foreground on 127.0.0.1 with a temp working dir and persistence off. */
export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisServer> {
  const port = opts.port ?? (await freePort());
  const dir = await makeTempDir('redis');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no'];
  args.push('--save', '', '--appendonly', 'no', '--logfile', '', '--protected-mode', 'yes');
  if (opts.password) args.push('--requirepass', opts.password);
  args.push(...(opts.args ?? []));
  const srv = spawnServer({ cmd: 'redis-server', args, cwd: dir });
  await readyOrRemove(srv, dir, () => waitUntil(`redis-server on ${port}`, () => canConnect(port), { aborted: srv.exitedEarly }));
  return {
    port,
    pid: srv.pid,
    password: opts.password,
    dir,
    async stop() {
      await srv.stop('SIGTERM');
      await removeDir(dir);
    },
  };
}
