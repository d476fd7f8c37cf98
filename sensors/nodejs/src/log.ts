/**
 * The tracer's own log: one line to stderr, prefixed `[argus]`. No dependency, never throws, and each
 * distinct `code` is written at most once per process so a dead agent cannot flood the app's logs.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface TracerLog {
  level: LogLevel;
  debug(msg: string): void;
  info(msg: string): void;
  /** Writes `msg` once per `code`. */
  warnOnce(code: string, msg: string): void;
}

export function createLog(level: LogLevel): TracerLog {
  const seen = new Set<string>();
  const write = (at: LogLevel, msg: string) => {
    if (order[at] < order[level]) return;
    try {
      process.stderr.write(`[argus] ${at}: ${msg}\n`);
    } catch {
      // stderr closed: nothing sensible left to do
    }
  };
  return {
    level,
    debug: (msg) => write('debug', msg),
    info: (msg) => write('info', msg),
    warnOnce(code, msg) {
      if (seen.has(code)) return;
      seen.add(code);
      write('warn', `${msg} (${code})`);
    },
  };
}
