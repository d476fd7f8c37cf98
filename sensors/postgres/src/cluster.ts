import { existsSync } from 'node:fs';
import { readLink, readText } from '@argus/sensor-kit';
import type { PostgresTarget } from './detect.js';

export interface ClusterFiles {
  dataDir?: string;
  /** unix socket directories, as reachable from the agent (through /proc/<pid>/root for containers) */
  socketDirs: string[];
}

const DEFAULT_SOCKET_DIRS = ['/var/run/postgresql', '/run/postgresql', '/tmp'];

/**
 * The postmaster runs with its data directory as cwd; postmaster.pid there lists the port and socket
 * directory (lines 4 and 5). Paths are read through /proc/<pid>/root so a containerized server works too.
 */
export function readClusterFiles(procRoot: string, target: PostgresTarget): ClusterFiles {
  const dataDir = readLink(`${procRoot}/${target.pid}/cwd`) ?? target.dataDirArg;
  const root = `${procRoot}/${target.pid}/root`;
  const dirs: string[] = [];
  if (dataDir) {
    const pidFile = readText(`${root}${dataDir}/postmaster.pid`) ?? readText(`${dataDir}/postmaster.pid`);
    const line = pidFile?.split('\n')[4]?.trim();
    if (line)
      dirs.push(
        ...line
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean),
      );
  }
  for (const d of DEFAULT_SOCKET_DIRS) if (!dirs.includes(d)) dirs.push(d);
  const socket = `.s.PGSQL.${target.port}`;
  const socketDirs: string[] = [];
  for (const d of dirs) {
    if (existsSync(`${d}/${socket}`)) socketDirs.push(d);
    else if (existsSync(`${root}${d}/${socket}`)) socketDirs.push(`${root}${d}`);
  }
  return { dataDir, socketDirs };
}
