/**
 * Small, allocation-light readers for the proc filesystem shared by the agent and sensors.
 * Everything here is synchronous on purpose: procfs reads are served from kernel memory in microseconds,
 * and the thread-pool round trip of fs/promises costs more CPU than the read itself.
 * Every reader returns null instead of throwing when the process vanished or access is denied.
 */
import { readFileSync, readlinkSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** USER_HZ on every Linux ABI Node runs on (x86_64, arm64). */
export const CLK_TCK = 100;

/**
 * Runs fn with stack capture disabled: processes vanish between readdir and read all the time, and every
 * failed fs call builds an Error whose stack (with source maps under tsx) costs far more than the read.
 */
function quiet<T>(fn: () => T, fallback: T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fn();
  } catch {
    return fallback;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Reads a whole file as UTF-8, or null when it is missing/unreadable (ENOENT, ESRCH, EACCES...). */
export function readText(path: string): string | null {
  return quiet<string | null>(() => readFileSync(path, 'utf8'), null);
}

/**
 * Reads `rel` below `root` (a proc, sys or cgroup mount, or /etc), undefined when missing or unreadable. The
 * signal is checked first, so a collect that timed out stops between files.
 */
export function readTextUnder(root: string, rel: string, signal?: AbortSignal): string | undefined {
  signal?.throwIfAborted();
  return readText(join(root, rel)) ?? undefined;
}

export function readLink(path: string): string | null {
  return quiet<string | null>(() => readlinkSync(path), null);
}

export function listDir(path: string): string[] {
  return quiet<string[]>(() => readdirSync(path), []);
}

/**
 * Open file descriptors of a process. Since Linux 6.2 the size of /proc/<pid>/fd is that count, one stat()
 * instead of listing the directory (~0.5 ms for a process with 300 fds); older kernels report 0 and the
 * directory is listed. 0 when unreadable.
 */
export function countFds(procRoot: string, pid: number | string): number {
  const dir = `${procRoot}/${pid}/fd`;
  const size = quiet(() => statSync(dir, { throwIfNoEntry: false })?.size ?? -1, -1);
  if (size > 0) return size;
  return size < 0 ? 0 : listDir(dir).length;
}

/** The fields of /proc/<pid>/stat the agent and sensors use (see proc(5)). */
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** kernel PF_* flags (field 9) */
  flags: number;
  /** user / system CPU time in clock ticks (fields 14, 15) */
  utime: number;
  stime: number;
  numThreads: number;
  /** start time after boot in clock ticks (field 22) */
  starttime: number;
  /** resident set size in pages (field 24) */
  rssPages: number;
}

const PF_KTHREAD = 0x00200000;

/** Parses /proc/<pid>/stat. The comm may hold spaces and parentheses, so fields are read after the LAST ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state); field N is f[N - 3]
  if (f.length < 22) return null;
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: f[0],
    ppid: Number(f[1]),
    flags: Number(f[6]),
    utime: Number(f[11]),
    stime: Number(f[12]),
    numThreads: Number(f[17]),
    starttime: Number(f[19]),
    rssPages: Number(f[21]),
  };
}

export function readProcStat(procRoot: string, pid: number | string): ProcStat | null {
  const text = readText(`${procRoot}/${pid}/stat`);
  return text === null ? null : parseProcStat(text);
}

export function isKernelThread(stat: ProcStat): boolean {
  return (stat.flags & PF_KTHREAD) !== 0 || stat.pid === 2 || stat.ppid === 2;
}

/** Boot time in ms since epoch, from the `btime` line of /proc/stat. */
export function readBootTimeMs(procRoot: string): number {
  const text = readText(`${procRoot}/stat`) ?? '';
  const m = /^btime (\d+)$/m.exec(text);
  return m ? Number(m[1]) * 1000 : 0;
}

/** Converts a start time in clock ticks after boot to ms since epoch. */
export function startTimeMs(bootTimeMs: number, starttimeTicks: number): number {
  return bootTimeMs + Math.round((starttimeTicks * 1000) / CLK_TCK);
}

/** Reads /proc/<pid>/cmdline as argv (NUL separated). */
export function readCmdline(procRoot: string, pid: number | string): string[] {
  const text = readText(`${procRoot}/${pid}/cmdline`);
  if (!text) return [];
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Parses `Key:\tvalue` files such as /proc/<pid>/status or /proc/meminfo into a map of raw strings. */
export function parseKeyValueLines(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return out;
}

/** One read of /proc/<pid>/stat for every pid (kernel threads included) at `at` (ms since epoch). */
export interface StatPass {
  at: number;
  stats: Map<number, ProcStat>;
}

const statPasses = new Map<string, StatPass>();

/**
 * The latest full stat pass of a proc root, shared by the agent's discovery (pid reuse, re-parenting) and the
 * process sensor (ranking): both need every pid every ~10 s, and one pass is ~300 reads. Returns the last pass
 * when it is at most `maxAgeMs` old, else reads a new one. Pids that appeared after `at` are not in it.
 */
export function readStatPass(procRoot: string, maxAgeMs: number, now = Date.now()): StatPass {
  const last = statPasses.get(procRoot);
  if (last && now - last.at <= maxAgeMs && now >= last.at) return last;
  const stats = new Map<number, ProcStat>();
  for (const name of listDir(procRoot)) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const st = readProcStat(procRoot, name);
    if (st) stats.set(st.pid, st);
  }
  const pass = { at: now, stats };
  statPasses.set(procRoot, pass);
  return pass;
}

/** The latest pass of a proc root without reading anything (undefined when none was made). */
export function lastStatPass(procRoot: string): StatPass | undefined {
  return statPasses.get(procRoot);
}
