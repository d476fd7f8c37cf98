/**
 * The time range every view takes from its URL: `live=<5m|15m|1h|6h|24h|7d>` (a window ending now, refreshed) or
 * `from` + `to` (ms since epoch, fixed). Without either: live 1 h.
 */

export interface TimeSearch {
  from?: number;
  to?: number;
  live?: string;
}

export const LIVE_PRESETS = [
  { live: '5m', label: 'Last 5 minutes', short: '5m', ms: 5 * 60_000 },
  { live: '15m', label: 'Last 15 minutes', short: '15m', ms: 15 * 60_000 },
  { live: '1h', label: 'Last hour', short: '1h', ms: 3_600_000 },
  { live: '6h', label: 'Last 6 hours', short: '6h', ms: 6 * 3_600_000 },
  { live: '24h', label: 'Last 24 hours', short: '24h', ms: 24 * 3_600_000 },
  { live: '7d', label: 'Last 7 days', short: '7d', ms: 7 * 86_400_000 },
] as const;

export const DEFAULT_LIVE = '1h';

/** A live window as milliseconds: one of the presets, or `<n><s|m|h|d>` (1 s to 31 d). */
export function liveMs(live: string): number | null {
  const preset = LIVE_PRESETS.find((p) => p.live === live);
  if (preset) return preset.ms;
  const m = /^(\d{1,4})(s|m|h|d)$/.exec(live);
  if (!m) return null;
  const ms = Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return ms >= 1000 && ms <= 31 * 86_400_000 ? ms : null;
}

const toNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d{10,16}$/.test(v)) return Number(v);
  if (typeof v === 'string' && v) {
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
};

/** Search-param validation shared by every route (TanStack Router validateSearch). */
export function validateTimeSearch(search: Record<string, unknown>): TimeSearch {
  const from = toNumber(search.from);
  const to = toNumber(search.to);
  const live = typeof search.live === 'string' && liveMs(search.live) !== null ? search.live : undefined;
  if (from !== undefined && to !== undefined && from < to && !live) return { from, to };
  return live ? { live } : {};
}

export interface ResolvedRange {
  /** null for a fixed range */
  live: string | null;
  /** a stable cache key: the live window or the fixed bounds */
  key: string;
  /** bounds as of `now` (live) or the fixed ones */
  bounds(now?: number): { from: number; to: number };
  durationMs: number;
}

export function resolveRange(search: TimeSearch): ResolvedRange {
  if (search.from !== undefined && search.to !== undefined && !search.live) {
    const { from, to } = search;
    return { live: null, key: `${from}-${to}`, bounds: () => ({ from, to }), durationMs: to - from };
  }
  const live = search.live ?? DEFAULT_LIVE;
  const ms = liveMs(live) ?? 3_600_000;
  return { live, key: `live:${live}`, bounds: (now = Date.now()) => ({ from: now - ms, to: now }), durationMs: ms };
}

/** The time params of a search object, for links that keep the range. */
export function timeOnly(search: TimeSearch): TimeSearch {
  if (search.live) return { live: search.live };
  if (search.from !== undefined && search.to !== undefined) return { from: search.from, to: search.to };
  return {};
}

/** How often a live view refetches: every second for short windows, less for long ones (same data, less load). */
export function refreshMs(range: ResolvedRange, kind: 'kpi' | 'list' = 'kpi'): number | false {
  if (!range.live) return false;
  if (kind === 'list') return range.durationMs <= 3_600_000 ? 5000 : 30_000;
  if (range.durationMs <= 3_600_000) return 1000;
  if (range.durationMs <= 24 * 3_600_000) return 10_000;
  return 60_000;
}
