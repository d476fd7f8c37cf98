import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findFreePort, spawnChild, waitFor, type ChildHandle } from '@argus/supervise';
import pg from 'pg';
import { findBinary, lookupUser, postgresBinDirs } from './binaries.js';

export interface DemoPostgres {
  url: string;
  child: ChildHandle;
}

/** Can `uid`/`gid` traverse every directory above `path`? (PostgreSQL refuses to run as root.) */
function reachable(path: string, uid: number, gid: number): boolean {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const st = statSync(dir);
    const bits = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if ((st.mode & bits) === 0) return false;
    if (dir === dirname(dir)) return true;
  }
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) chownTree(join(path, entry.name), uid, gid);
    else chownSync(join(path, entry.name), uid, gid);
  }
}

/**
 * Starts a private PostgreSQL on a free loopback port with its data under `dir` (created by initdb on first use,
 * reused afterwards), or returns undefined (with the reason through `note`) when PostgreSQL is not installed.
 */
export async function startDemoPostgres(dir: string, logFile: string, note: (msg: string) => void): Promise<DemoPostgres | undefined> {
  const extra = postgresBinDirs();
  const postgres = findBinary('postgres', extra);
  const initdb = findBinary('initdb', extra);
  if (!postgres || !initdb) {
    note('PostgreSQL is not installed: the catalog uses its in-process store');
    return undefined;
  }
  const asUser = process.getuid?.() === 0 ? lookupUser('postgres') : undefined;
  if (process.getuid?.() === 0 && !asUser) {
    note('running as root without a "postgres" user: the catalog uses its in-process store');
    return undefined;
  }
  mkdirSync(dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (asUser) {
    if (!reachable(dir, asUser.uid, asUser.gid)) {
      note(`the postgres user cannot reach ${dir}: the catalog uses its in-process store`);
      return undefined;
    }
    chownTree(dir, asUser.uid, asUser.gid);
  }
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    note('initializing the demo PostgreSQL database (first start only)');
    const init = spawnSync(initdb, ['-D', dir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-instructions'], {
      uid: asUser?.uid,
      gid: asUser?.gid,
      encoding: 'utf8',
      cwd: dir,
    });
    if (init.status !== 0) {
      note(`initdb failed (${(init.stderr || init.stdout).trim().split('\n').pop() ?? ''}): the catalog uses its in-process store`);
      return undefined;
    }
  }
  const port = await findFreePort();
  const child = spawnChild({
    name: 'postgresql',
    command: postgres,
    cwd: dir,
    logFile,
    uid: asUser?.uid,
    gid: asUser?.gid,
    // stays in our process group: if we are killed, so is it
    detached: false,
    stopSignal: 'SIGINT',
    args: [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'shared_buffers=32MB',
    ],
  });
  const admin = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitFor(
      async () => {
        const client = new pg.Client({ connectionString: admin });
        await client.connect();
        try {
          const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', ['argus_demo']);
          if (exists.rowCount === 0) await client.query('CREATE DATABASE argus_demo');
        } finally {
          await client.end();
        }
        return true;
      },
      {
        what: 'the demo PostgreSQL',
        timeoutMs: 30_000,
        abort: child.exited.then((e) => new Error(`postgres exited (code ${String(e.code)})`)),
      },
    );
  } catch (err) {
    await child.stop(5000);
    note(`PostgreSQL did not start (${(err as Error).message}; see ${logFile}): the catalog uses its in-process store`);
    return undefined;
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/argus_demo`, child };
}
