/**
 * Restart detection: a process whose command (container + executable + argv) matches one that exited within
 * the window is a restart of it. Bounded memory: at most `maxRemembered` exited commands are kept.
 */
export interface RestartDetector {
  /** a tracked process exited */
  exited(command: string, now: number): void;
  /** a new process appeared; returns the restart count of its command when it is a restart, else undefined */
  started(command: string, now: number): number | undefined;
  /** total restarts seen for a command */
  count(command: string): number;
  /** exited commands still inside the window (new processes are only inspected while there are some) */
  pending(now: number): number;
}

export function createRestartDetector(windowMs: number, maxRemembered = 1000): RestartDetector {
  const exitedAt = new Map<string, number>();
  const counts = new Map<string, number>();
  return {
    exited(command, now) {
      exitedAt.delete(command);
      exitedAt.set(command, now);
      if (exitedAt.size > maxRemembered) exitedAt.delete(exitedAt.keys().next().value as string);
    },
    started(command, now) {
      const at = exitedAt.get(command);
      if (at === undefined || now - at > windowMs) return undefined;
      exitedAt.delete(command);
      const n = (counts.get(command) ?? 0) + 1;
      counts.set(command, n);
      if (counts.size > maxRemembered) counts.delete(counts.keys().next().value as string);
      return n;
    },
    count: (command) => counts.get(command) ?? 0,
    pending(now) {
      for (const [cmd, at] of exitedAt) {
        if (now - at <= windowMs) break;
        exitedAt.delete(cmd);
      }
      return exitedAt.size;
    },
  };
}
