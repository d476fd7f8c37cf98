import { randomFillSync } from 'node:crypto';

export interface IdGenerator {
  generateTraceId(): string;
  generateSpanId(): string;
}

/**
 * Trace and span ids from a pool of cryptographically random bytes, refilled 4 KiB at a time with one
 * randomFillSync call (about 170 trace ids per refill) instead of four Math.random calls per id.
 * An all-zero id (invalid in W3C trace context) is never returned.
 */
export function createIdGenerator(poolBytes = 4096): IdGenerator {
  const pool = Buffer.allocUnsafe(poolBytes);
  let at = poolBytes;
  const next = (n: number): string => {
    if (at + n > poolBytes) {
      randomFillSync(pool);
      at = 0;
    }
    const start = at;
    at += n;
    for (let i = start; i < at; i++) if (pool[i] !== 0) return pool.toString('hex', start, at);
    pool[at - 1] = 1;
    return pool.toString('hex', start, at);
  };
  return { generateTraceId: () => next(16), generateSpanId: () => next(8) };
}
