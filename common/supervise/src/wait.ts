export interface WaitOptions {
  /** what is awaited, for the timeout message */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** stop waiting early (e.g. the child exited): a rejection of this promise aborts the wait */
  abort?: Promise<unknown>;
}

/**
 * Sleeps `ms`, or less when `wake` settles first. The timer is not unref'd: while a start waits, it keeps the process
 * alive (the deadline bounds it); unref'd, a probe over fetch could leave the event loop empty when the awaited child
 * had just exited, and Node quit with code 13 before the abort was reported.
 */
const sleep = (ms: number, wake: Promise<void>) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), wake]).finally(() => clearTimeout(timer));
};

/** Polls `probe` until it returns a value other than undefined; throws with `what` on timeout. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let aborted: Error | undefined;
  /** the abort's value (normally an Error saying why) as the Error to throw */
  const asError = (v: unknown): Error =>
    v instanceof Error ? v : new Error(typeof v === 'string' ? v : `${opts.what}: aborted`, v === undefined ? undefined : { cause: v });
  let wake = () => {};
  const woken = new Promise<void>((resolve) => (wake = resolve));
  opts.abort?.then(
    (v) => {
      aborted = asError(v);
      wake();
    },
    (err: unknown) => {
      aborted = asError(err);
      wake();
    },
  );
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (aborted) throw aborted;
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(opts.intervalMs ?? 250, woken);
  }
  if (aborted) throw aborted;
  const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for ${opts.what}${reason}`);
}

/** Waits until `url` answers with a status below 500. */
export function waitForHttp(url: string, opts: Omit<WaitOptions, 'what'> & { what?: string }): Promise<number> {
  return waitFor(
    async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return res.status < 500 ? res.status : undefined;
    },
    { ...opts, what: opts.what ?? url },
  );
}
