/**
 * One /proc scan producing a diff against the previous scan. What never changes for a (pid, start time)
 * -- cmdline, exe, uid, cgroup, network namespace -- is read once. Known pids are re-verified through
 * /proc/<pid>/stat (ppid, pid reuse) every `verifyEvery` scans only. Reading /proc/<pid>/net/tcp{,6} is the
 * expensive part (the kernel walks the whole established hash: ~10-25 ms on this machine even with few
 * sockets), so only the LISTEN head of a namespace's tables is read (see ports.ts), and only when it holds a
 * young process (discovered within `youngMs`, still likely to bind; at most every `portsMinIntervalMs`) or
 * every `portsRefreshMs`. A process's fds are read when it is new, and re-read only when a listener appeared
 * that no known fd explains (young processes first).
 */
import {
  isKernelThread,
  listDir,
  parseKeyValueLines,
  readBootTimeMs,
  readCmdline,
  readLink,
  readProcStat,
  readStatPass,
  parseCgroupFile,
  readText,
  startTimeMs,
  type ProcessInfo,
  type ProcStat,
} from '@argus/sensor-kit';
import { readListeningSockets, readSocketInodes } from './ports.js';
import { createUserNames } from './users.js';

export interface DiscoveryDiff {
  added: ProcessInfo[];
  removed: ProcessInfo[];
  /** ppid or listening ports changed */
  changed: ProcessInfo[];
}

interface Entry {
  starttime: number;
  discoveredAt: number;
  /** null for kernel threads, which are tracked only to skip them cheaply */
  info: ProcessInfo | null;
  netns: string;
  /** socket inodes held by the process, from its last fd scan */
  sockets: string[];
}

export interface ProcessScanner {
  scan(): DiscoveryDiff;
  processes(): ProcessInfo[];
  get(pid: number): ProcessInfo | undefined;
}

export interface ScannerOptions {
  procRoot: string;
  hostRoot: string;
  /** re-read the stat of known pids every N scans (default 5) */
  verifyEvery?: number;
  /** read a namespace's LISTEN tables at least this often (default 15 s) */
  portsRefreshMs?: number;
  /** and at most this often (default 4 s) */
  portsMinIntervalMs?: number;
  /** while a namespace holds processes younger than this, its LISTEN head is read every portsMinIntervalMs (default 15 s) */
  youngMs?: number;
  /** re-verification may use a shared full stat pass (see readStatPass) this old (default 5 s) */
  statPassMaxAgeMs?: number;
}

export function createProcessScanner(opts: ScannerOptions): ProcessScanner {
  const { procRoot } = opts;
  const verifyEvery = opts.verifyEvery ?? 5;
  const portsRefreshMs = opts.portsRefreshMs ?? 15_000;
  const portsMinIntervalMs = Math.min(opts.portsMinIntervalMs ?? 4000, portsRefreshMs);
  const youngMs = opts.youngMs ?? 15_000;
  const statPassMaxAgeMs = opts.statPassMaxAgeMs ?? 5000;
  let scans = 0;
  const lastTableRead = new Map<string, number>();
  /** listening inodes no visible process holds, per namespace */
  const orphans = new Map<string, Set<string>>();
  const users = createUserNames(opts.hostRoot);
  const bootMs = readBootTimeMs(procRoot);
  const entries = new Map<number, Entry>();
  /** listening inodes per netns seen in the previous scan */
  let prevListening = new Map<string, Map<string, number>>();

  const readNew = (pid: number, starttime: number, ppid: number, comm: string): Entry => {
    const status = parseKeyValueLines(readText(`${procRoot}/${pid}/status`) ?? '');
    const uid = Number((status.get('Uid') ?? '0').split(/\s+/)[0]) || 0;
    const cg = parseCgroupFile(readText(`${procRoot}/${pid}/cgroup`) ?? '');
    const info: ProcessInfo = {
      pid,
      ppid,
      name: comm,
      exe: readLink(`${procRoot}/${pid}/exe`) ?? '',
      cmdline: readCmdline(procRoot, pid),
      uid,
      user: users.name(uid),
      startTime: startTimeMs(bootMs, starttime),
      listenPorts: [],
    };
    if (cg.containerId) info.containerId = cg.containerId;
    if (cg.podUid) info.podUid = cg.podUid;
    const netns = readLink(`${procRoot}/${pid}/ns/net`) ?? `pid:${pid}`;
    return { starttime, discoveredAt: Date.now(), info, netns, sockets: readSocketInodes(procRoot, pid) };
  };

  const portsOf = (sockets: string[], listening: Map<string, number> | undefined): number[] => {
    if (!listening || listening.size === 0) return [];
    const ports = new Set<number>();
    for (const s of sockets) {
      const p = listening.get(s);
      if (p !== undefined) ports.add(p);
    }
    return [...ports].sort((a, b) => a - b);
  };

  const sameList = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

  function scan(): DiscoveryDiff {
    const diff: DiscoveryDiff = { added: [], removed: [], changed: [] };
    const seen = new Set<number>();
    const fresh = new Set<number>();
    const changed = new Set<number>();
    const verify = scans++ % verifyEvery === 0;
    const now = Date.now();
    // re-verification uses the full stat pass shared with the process sensor's ranking (one read of every
    // /proc/<pid>/stat for both when they fall within statPassMaxAgeMs); pids newer than the pass are read here
    const pass: Map<number, ProcStat> | undefined = verify ? readStatPass(procRoot, statPassMaxAgeMs, now).stats : undefined;
    for (const name of listDir(procRoot)) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(name);
      let e = entries.get(pid);
      if (e && !verify) {
        seen.add(pid);
        continue;
      }
      const stat = pass?.get(pid) ?? readProcStat(procRoot, pid);
      if (!stat) continue;
      seen.add(pid);
      if (e && e.starttime !== stat.starttime) {
        if (e.info) diff.removed.push(e.info);
        e = undefined;
      }
      if (!e) {
        e = isKernelThread(stat)
          ? { starttime: stat.starttime, discoveredAt: 0, info: null, netns: '', sockets: [] }
          : readNew(pid, stat.starttime, stat.ppid, stat.comm);
        entries.set(pid, e);
        if (e.info) fresh.add(pid);
      } else if (e.info && e.info.ppid !== stat.ppid) {
        e.info.ppid = stat.ppid;
        changed.add(pid);
      }
    }
    for (const [pid, e] of entries) {
      if (seen.has(pid)) continue;
      entries.delete(pid);
      if (e.info) diff.removed.push(e.info);
    }

    // a namespace's LISTEN head is read when a new process holds sockets or young processes may still bind
    // (at most every portsMinIntervalMs), and every portsRefreshMs regardless
    const due = new Map<string, number>();
    for (const [pid, e] of entries) {
      if (!e.info || due.has(e.netns)) continue;
      const sinceRead = now - (lastTableRead.get(e.netns) ?? 0);
      const recent = (fresh.has(pid) && e.sockets.length > 0) || now - e.discoveredAt < youngMs;
      if ((recent && sinceRead >= portsMinIntervalMs) || sinceRead >= portsRefreshMs) due.set(e.netns, pid);
    }
    const listening = new Map<string, Map<string, number>>();
    for (const e of entries.values()) {
      if (!e.info || listening.has(e.netns)) continue;
      const ns = e.netns;
      const pid = due.get(ns);
      if (pid === undefined) {
        listening.set(ns, prevListening.get(ns) ?? new Map<string, number>());
        continue;
      }
      const socks = readListeningSockets(procRoot, pid);
      lastTableRead.set(ns, now);
      listening.set(ns, socks);
      // listeners no known fd explains: re-list fds, young processes first, then the rest
      const known = new Set<string>();
      for (const o of entries.values()) if (o.info && o.netns === ns) for (const x of o.sockets) known.add(x);
      const orphanSet = orphans.get(ns) ?? new Set<string>();
      const unexplained = new Set([...socks.keys()].filter((x) => !known.has(x) && !orphanSet.has(x)));
      for (const youngFirst of [true, false]) {
        if (!unexplained.size) break;
        for (const [opid, o] of entries) {
          if (!o.info || o.netns !== ns || fresh.has(opid) || now - o.discoveredAt < youngMs !== youngFirst) continue;
          o.sockets = readSocketInodes(procRoot, opid);
          for (const x of o.sockets) unexplained.delete(x);
        }
      }
      // held by processes we cannot see (other pid namespace, no permission): do not search again
      for (const x of unexplained) orphanSet.add(x);
      for (const x of orphanSet) if (!socks.has(x)) orphanSet.delete(x);
      orphans.set(ns, orphanSet);
    }
    for (const ns of lastTableRead.keys()) if (!listening.has(ns)) lastTableRead.delete(ns);
    prevListening = listening;

    for (const [pid, e] of entries) {
      if (!e.info) continue;
      const ports = portsOf(e.sockets, listening.get(e.netns));
      if (!sameList(ports, e.info.listenPorts)) {
        e.info.listenPorts = ports;
        if (!fresh.has(pid)) changed.add(pid);
      }
      if (fresh.has(pid)) diff.added.push(e.info);
      else if (changed.has(pid)) diff.changed.push(e.info);
    }
    return diff;
  }

  return {
    scan,
    processes: () => [...entries.values()].flatMap((e) => (e.info ? [e.info] : [])),
    get: (pid) => entries.get(pid)?.info ?? undefined,
  };
}
