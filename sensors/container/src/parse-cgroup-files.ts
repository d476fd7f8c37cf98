/** Flat keyed files: `key value` per line (cpu.stat, memory.stat, memory.events, cpuacct.stat, memory.oom_control). */
export function parseKeyed(text: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!text) return out;
  for (const line of text.split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && Number.isFinite(Number(v))) out.set(k, Number(v));
  }
  return out;
}

/** v1 reports "unlimited" as a page-aligned LONG_MAX (9223372036854771712); anything >= 2^62 is no limit. */
const V1_UNLIMITED = 2 ** 62;

/** A single number file; `max` (v2) and the v1 huge value mean "no limit" -> undefined. */
export function parseLimit(text: string | undefined): number | undefined {
  const t = text?.trim();
  if (!t || t === 'max') return undefined;
  const v = Number(t);
  return Number.isFinite(v) && v < V1_UNLIMITED ? v : undefined;
}

export function parseNumber(text: string | undefined): number | undefined {
  const v = Number(text?.trim());
  return text !== undefined && text.trim() !== '' && Number.isFinite(v) ? v : undefined;
}

/** v2 cpu.max `"$QUOTA $PERIOD"` ("max 100000" = unlimited) -> cores */
export function parseCpuMax(text: string | undefined): number | undefined {
  const [q, p] = (text ?? '').trim().split(/\s+/);
  if (!q || q === 'max') return undefined;
  const quota = Number(q);
  const period = Number(p ?? 100000);
  return quota > 0 && period > 0 ? quota / period : undefined;
}

/** v1 cfs_quota_us (-1 = unlimited) and cfs_period_us -> cores */
export function parseCfsQuota(quota: string | undefined, period: string | undefined): number | undefined {
  const q = Number(quota?.trim());
  const p = Number(period?.trim());
  return q > 0 && p > 0 ? q / p : undefined;
}
