/**
 * An API answer index.html asked for while the app's JavaScript was still loading (today the dependency map's, when
 * the page opens on /map): handed over once, to the first read of the same path and range, and only while fresh.
 * Anything else (another range, an error answer, a second read) goes to the API as usual.
 */
interface Early {
  path: string;
  /** the range's cache key (ResolvedRange.key): `live:<window>` or `<from>-<to>` */
  key: string;
  /** when index.html asked, ms */
  at: number;
  /** the parsed answer, or null when it failed */
  answer: Promise<unknown>;
}

/** an early answer older than this is not used (its live window has moved on) */
const FRESH_MS = 10_000;

export function takeEarly<T>(path: string, key: string, now = Date.now()): Promise<T | null> | null {
  const w = window as unknown as { __argusEarly?: Early };
  const e = w.__argusEarly;
  if (!e || e.path !== path || e.key !== key) return null;
  // one read only: later refreshes ask the API
  delete w.__argusEarly;
  return now - e.at <= FRESH_MS ? (e.answer as Promise<T | null>) : null;
}
