import { parseCgroupFile, readCmdline, readLink, readText, parseKeyValueLines } from '@argus/sensor-kit';

/** What does not change during a process's life, read once when it is first reported. */
export interface ProcIdentity {
  exe: string;
  cmdline: string[];
  uid: number;
  containerId?: string;
  podUid?: string;
  /** container + executable + argv: equal commands across pids are restarts of the same thing */
  command: string;
}

export function readIdentity(procRoot: string, pid: number, comm: string): ProcIdentity {
  const cmdline = readCmdline(procRoot, pid);
  const exe = readLink(`${procRoot}/${pid}/exe`) ?? '';
  const status = parseKeyValueLines(readText(`${procRoot}/${pid}/status`) ?? '');
  const uid = Number((status.get('Uid') ?? '').split(/\s+/)[0]);
  const { containerId, podUid } = parseCgroupFile(readText(`${procRoot}/${pid}/cgroup`) ?? '');
  const argv = cmdline.length ? cmdline.join('\0') : `[${comm}]`;
  return {
    exe: exe.replace(/ \(deleted\)$/, ''),
    cmdline,
    uid: Number.isFinite(uid) ? uid : -1,
    ...(containerId ? { containerId } : {}),
    ...(podUid ? { podUid } : {}),
    command: `${containerId ?? ''}|${exe.replace(/ \(deleted\)$/, '')}|${argv}`,
  };
}

/** /proc/<pid>/io (readable for own processes, or with CAP_SYS_PTRACE / root). */
export function parseIo(text: string | null): { readBytes: number; writeBytes: number; rchar: number; wchar: number } | undefined {
  if (!text) return undefined;
  const m = parseKeyValueLines(text);
  const n = (k: string) => Number(m.get(k) ?? NaN);
  const r = { readBytes: n('read_bytes'), writeBytes: n('write_bytes'), rchar: n('rchar'), wchar: n('wchar') };
  return Number.isFinite(r.readBytes) && Number.isFinite(r.writeBytes) ? r : undefined;
}
