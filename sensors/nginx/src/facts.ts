import { execFile } from 'node:child_process';
import { listDir, readCmdline, readProcStat, readText } from '@argus/sensor-kit';

/** `nginx -v` prints `nginx version: nginx/1.22.1` on stderr; '' when the binary cannot be run. */
export function nginxVersion(exe: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    if (!exe) return resolve('');
    execFile(exe, ['-v'], { timeout: timeoutMs }, (_err, stdout, stderr) => {
      const m = /nginx version:\s*\S*?\/(\S+)/.exec(`${stderr}${stdout}`);
      resolve(m ? m[1] : '');
    });
  });
}

/** `nginx/1.22.1` -> `1.22.1` (server_tokens on); '' otherwise */
export function versionFromServerHeader(server: string | undefined): string {
  const m = /^[a-z]+\/(\d[\w.]*)/i.exec(server ?? '');
  return m ? m[1] : '';
}

/** Worker processes of the master: /proc/<pid>/task/<pid>/children, else a scan of ppids. */
export function workerCount(procRoot: string, masterPid: number): number {
  const children = readText(`${procRoot}/${masterPid}/task/${masterPid}/children`);
  const pids =
    children !== null
      ? children.trim().split(/\s+/).filter(Boolean)
      : listDir(procRoot).filter((d) => /^\d+$/.test(d) && readProcStat(procRoot, d)?.ppid === masterPid);
  return pids.filter((pid) => (readCmdline(procRoot, pid)[0] ?? '').startsWith('nginx: worker process')).length;
}
