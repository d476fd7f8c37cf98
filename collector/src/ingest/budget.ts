import { overloaded } from '../errors.js';

/**
 * A budget of bytes for requests being read, decompressed and decoded at once: a request takes its share before
 * its body is read (so a waiting request holds only its socket: TCP pushes back on the client) and gives it back
 * once it is logged or refused. A request that cannot get its share within `waitMs` is refused with 503 +
 * Retry-After; one larger than the whole budget is admitted alone. When the requests already waiting would fill
 * the budget once more, a new one is refused at once (under sustained overload, waiting only to be refused ties up
 * connections and makes clients time out instead of reading the 503).
 */
export interface ByteBudget {
  acquire(bytes: number, waitMs?: number): Promise<() => void>;
  used(): number;
}

export function createByteBudget(limit: number): ByteBudget {
  let used = 0;
  const waiting: Array<{ bytes: number; grant: () => void }> = [];
  let waitingBytes = 0;
  const fits = (bytes: number) => used === 0 || used + bytes <= limit;
  const pump = () => {
    while (waiting.length > 0 && fits(waiting[0].bytes)) {
      const next = waiting.shift()!;
      waitingBytes -= next.bytes;
      next.grant();
    }
  };
  const take = (bytes: number) => {
    used += bytes;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      used -= bytes;
      pump();
    };
  };
  return {
    used: () => used,
    acquire(bytes, waitMs = 5_000) {
      if (waiting.length === 0 && fits(bytes)) return Promise.resolve(take(bytes));
      if (waiting.length > 0 && waitingBytes + bytes > limit) {
        return Promise.reject(
          overloaded(`the collector is reading ${Math.round(used / 1048576)} MiB of requests and as much is waiting; retry later`, 1),
        );
      }
      return new Promise((resolve, reject) => {
        const entry = {
          bytes,
          grant: () => {
            clearTimeout(timer);
            resolve(take(bytes));
          },
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          waitingBytes -= bytes;
          reject(overloaded(`the collector is reading ${Math.round(used / 1048576)} MiB of requests; retry later`, 1));
        }, waitMs);
        waiting.push(entry);
        waitingBytes += bytes;
      });
    },
  };
}
