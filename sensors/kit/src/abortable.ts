/** Async helpers for sensors that keep connections open across 1-second collects. */

/** The signal's reason as an Error (an AbortController's default reason, a DOMException, is one). */
function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted', { cause: reason });
}

/** Rejects with the signal's reason as soon as `signal` aborts; resolves/rejects with `promise` otherwise. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(reasonOf(signal));
  }
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(reasonOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/**
 * Waits for `promise` at most `ms` (and never past `signal`): resolves with its value, or `undefined`
 * when it is still pending. The promise keeps running; a later collect can pick up its result.
 */
export function within<T>(promise: Promise<T>, ms: number, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.resolve(undefined);
  }
  let onAbort = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const givenUp = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    timer = setTimeout(onAbort, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, givenUp]).finally(() => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  });
}

/**
 * The Promise a collect() returns when its work is synchronous (procfs reads): `fn` runs now, and what it
 * throws (an aborted signal) becomes a rejection, exactly as in an async function.
 */
export function settle<T>(fn: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn()));
}
