import { createHash, randomBytes } from 'node:crypto';

/** A new random id with a type prefix: ch_, al_, ... */
export const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

/** A stable id from parts (same parts, same id): events, notifications. */
export const stableId = (prefix: string, ...parts: Array<string | number>) =>
  `${prefix}_${createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 16)}`;

/** Monotonic versions for ReplacingMergeTree rows: ms since epoch x 1000 plus a counter, never repeating in a process. */
export function createVersionClock() {
  let last = 0;
  return () => {
    last = Math.max(last + 1, Date.now() * 1000);
    return last;
  };
}

/**
 * Keeps a reload from undoing writes made while its query ran: the query may have read the table before them, so
 * what this process wrote (or deleted: null) meanwhile is applied over what the query returned.
 */
export function createReloadGuard<T>() {
  const active = new Set<Map<string, T | null>>();
  return {
    /** a write (value) or delete (null) of this process, after it reached storage */
    wrote(id: string, value: T | null): void {
      for (const m of active) m.set(id, value);
    },
    async reload(read: () => Promise<Map<string, T>>): Promise<Map<string, T>> {
      const meanwhile = new Map<string, T | null>();
      active.add(meanwhile);
      try {
        const next = await read();
        for (const [id, v] of meanwhile) {
          if (v === null) next.delete(id);
          else next.set(id, v);
        }
        return next;
      } finally {
        active.delete(meanwhile);
      }
    },
  };
}
