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
