import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readyOrRemove, spawnServer } from './process.js';
import { freePort, makeTempDir, removeDir, waitUntil } from './util.js';

const run = promisify(execFile);

export interface PostgresServer {
  port: number;
  pid: number;
  host: string;
  user: string;
  password?: string;
  database: string;
  dataDir: string;
  /** unix socket directory */
  socketDir: string;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** when set, local and host connections require this password (scram-sha-256); otherwise trust */
  password?: string;
  port?: number;
  /** preload pg_stat_statements and create the extension in the `postgres` database */
  statStatements?: boolean;
  /** extra `-c name=value` settings */
  settings?: Record<string, string>;
  /** start a streaming replica of this server (pg_basebackup -R) instead of a fresh cluster */
  replicaOf?: PostgresServer;
}

/** Newest PostgreSQL binary dir under /usr/lib/postgresql/<v>/bin. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error(`no PostgreSQL under ${root}: apt-get install -y postgresql`);
  return join(root, versions[0], 'bin');
}

/** uid/gid of the `postgres` OS user when we are root (PostgreSQL refuses to run as root). */
async function runAs(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * initdb a fresh cluster in a temp dir and run `postgres` in the foreground on 127.0.0.1
 * (no systemd, no pg_ctlcluster). The superuser is `postgres`.
 */
export async function startPostgres(opts: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const port = opts.port ?? (await freePort());
  const root = await makeTempDir('pg');
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  const ids = await runAs();
  await mkdir(socketDir);
  if (ids.uid !== undefined) {
    await chown(root, ids.uid, ids.gid!);
    await chown(socketDir, ids.uid, ids.gid!);
  }
  const auth = opts.password ? 'scram-sha-256' : 'trust';
  const initArgs = ['-D', dataDir, '-U', 'postgres', '--auth-local', auth, '--auth-host', auth, '-E', 'UTF8', '--no-sync'];
  if (opts.password) {
    const pwfile = join(root, 'pwfile');
    await writeFile(pwfile, opts.password + '\n', { mode: 0o600 });
    if (ids.uid !== undefined) await chown(pwfile, ids.uid, ids.gid!);
    initArgs.push('--pwfile', pwfile);
  }
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  if (opts.replicaOf) {
    const p = opts.replicaOf;
    const args = ['-h', p.socketDir, '-p', String(p.port), '-U', p.user, '-D', dataDir, '-R', '-X', 'stream', '--no-sync'];
    await run(join(bin, 'pg_basebackup'), args, { ...ids, env: { ...env, PGPASSWORD: p.password ?? '' }, cwd: root });
  } else {
    await run(join(bin, 'initdb'), initArgs, { ...ids, env, cwd: root });
  }
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    shared_buffers: '16MB',
    max_connections: '40',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    logging_collector: 'off',
    ...(opts.statStatements ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } : {}),
    ...opts.settings,
  };
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
  const srv = spawnServer({ cmd: join(bin, 'postgres'), args, cwd: root, env, ...ids });
  const ready = async () => {
    try {
      await run(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
      return true;
    } catch {
      return false;
    }
  };
  await readyOrRemove(srv, root, async () => {
    await waitUntil(`postgres on ${port}`, ready, { timeoutMs: 30_000, intervalMs: 200, aborted: srv.exitedEarly });
    if (opts.statStatements && !opts.replicaOf) {
      const psql = ['-X', '-q', '-h', socketDir, '-p', String(port), '-U', 'postgres', '-d', 'postgres'];
      await run(join(bin, 'psql'), [...psql, '-c', 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'], {
        env: { ...env, PGPASSWORD: opts.password ?? '' },
      });
    }
  });
  return {
    port,
    pid: srv.pid,
    host: '127.0.0.1',
    user: 'postgres',
    password: opts.password,
    database: 'postgres',
    dataDir,
    socketDir,
    async stop() {
      // SIGINT = fast shutdown: disconnect clients, clean checkpoint
      await srv.stop('SIGINT', 15_000);
      await removeDir(root);
    },
  };
}
