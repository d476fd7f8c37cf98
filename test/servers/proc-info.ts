import { listDir, readBootTimeMs, readCmdline, readLink, readProcStat, readText, startTimeMs, type ProcessInfo } from '@argus/sensor-kit';

function listeningInodes(procRoot: string, pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const file of ['tcp', 'tcp6']) {
    const text = readText(`${procRoot}/${pid}/net/${file}`) ?? '';
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue;
      out.set(f[9], parseInt(f[1].split(':')[1], 16));
    }
  }
  return out;
}

/**
 * A ProcessInfo for `pid` built from /proc the way the agent's discovery does, so sensor tests can call
 * detect() on a real server process without running the agent.
 */
export function processInfo(pid: number, procRoot = '/proc'): ProcessInfo {
  const stat = readProcStat(procRoot, pid);
  if (!stat) throw new Error(`process ${pid} not found`);
  const inodes = listeningInodes(procRoot, pid);
  const ports = new Set<number>();
  for (const fd of listDir(`${procRoot}/${pid}/fd`)) {
    const m = /^socket:\[(\d+)\]$/.exec(readLink(`${procRoot}/${pid}/fd/${fd}`) ?? '');
    const port = m ? inodes.get(m[1]) : undefined;
    if (port !== undefined) ports.add(port);
  }
  const status = readText(`${procRoot}/${pid}/status`) ?? '';
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
  return {
    pid,
    ppid: stat.ppid,
    name: stat.comm,
    exe: readLink(`${procRoot}/${pid}/exe`) ?? '',
    cmdline: readCmdline(procRoot, pid),
    uid,
    user: String(uid),
    startTime: startTimeMs(readBootTimeMs(procRoot), stat.starttime),
    listenPorts: [...ports].sort((a, b) => a - b),
  };
}
