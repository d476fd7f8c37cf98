/** Number formatting for KPIs: every value carries its unit. */

const DASH = '–';

/** Duration in ms -> "850 µs", "12.3 ms", "1.24 s", "3m 05s", "2h 10m". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0 ms';
  if (ms < 0.001) return `${Math.round(ms * 1e6)} ns`;
  if (ms < 1) return `${trim(ms * 1000, 3)} µs`;
  if (ms < 1000) return `${trim(ms, 3)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000, 3)} s`;
  if (ms < 3_600_000) {
    const m = Math.floor(ms / 60_000);
    return `${m}m ${String(Math.round((ms - m * 60_000) / 1000)).padStart(2, '0')}s`;
  }
  const h = Math.floor(ms / 3_600_000);
  return `${h}h ${String(Math.round((ms - h * 3_600_000) / 60_000)).padStart(2, '0')}m`;
}

/** `sig` significant digits, no trailing zeros beyond one decimal place. */
function trim(v: number, sig: number): string {
  if (v >= 100) return String(Math.round(v));
  const s = v.toPrecision(sig);
  return String(Number(s));
}

/** Calls per second -> "12.4/s", "0.25/s", "1.2k/s"; tiny rates as per minute ("3/min"). */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return DASH;
  if (perSecond === 0) return '0/s';
  if (perSecond < 0.1) {
    const perMin = perSecond * 60;
    return `${perMin < 10 ? trim(perMin, 2) : Math.round(perMin)}/min`;
  }
  return `${formatCompact(perSecond)}/s`;
}

/** 0.0512 -> "5.12 %"; 0 -> "0 %"; tiny but non-zero -> "<0.01 %". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  const p = ratio * 100;
  if (p === 0) return '0 %';
  if (p < 0.01) return '<0.01 %';
  if (p >= 99.995 && p < 100) return '>99.99 %';
  return `${p < 10 ? Number(p.toFixed(2)) : p < 100 ? Number(p.toFixed(1)) : Math.round(p)} %`;
}

/**
 * 1234 -> "1,234"; 1234567 -> "1.23M" when compact. Grouped by hand, not with toLocaleString: the page's first Intl
 * call loads ICU data (30-120 ms in Chromium here) and each later one costs far more than this.
 */
export function formatCount(n: number | null | undefined, compact = false): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return compact ? formatCompact(n) : String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ',');
}

export function formatCompact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${trim(n / 1e9, 3)}G`;
  if (a >= 1e6) return `${trim(n / 1e6, 3)}M`;
  if (a >= 1e4) return `${trim(n / 1e3, 3)}k`;
  if (a >= 100) return String(Math.round(n));
  return trim(n, 3);
}

// times are formatted by hand (24 h, local time, as en-GB / en-US would): chart axes and legends format on every
// redraw, and each toLocale*String call with options builds an Intl formatter (the first one loads locale data)
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ms since epoch -> "14:03:07" (today) or "Dec 3, 14:03" (other days), in the browser's time zone. */
export function formatTime(ms: number, now = Date.now(), withSeconds = true): string {
  const d = new Date(ms);
  const n = new Date(now);
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}${withSeconds ? `:${pad2(d.getSeconds())}` : ''}`;
  if (d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate()) return time;
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${time}`;
}

/** "14:03:07.123" for span and trace times. */
export function formatTimeMs(ms: number): string {
  const d = new Date(ms);
  return `${formatTime(ms, ms)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** A range as "14:00 – 15:00" or with dates when it spans days. */
export function formatRange(from: number, to: number): string {
  const sameDay = new Date(from).toDateString() === new Date(to).toDateString();
  return `${formatTime(from, sameDay ? from : 0, false)} – ${formatTime(to, sameDay ? to : 0, false)}`;
}

/** Bytes -> "1.2 KB" (1000-based, as bundle sizes are reported). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${trim(n / 1000, 3)} KB`;
  return `${trim(n / 1e6, 3)} MB`;
}

/**
 * An attribute value (OTLP AnyValue as the API answers it: string, number, boolean, array, key-value object, bytes as
 * base64) as text: strings as they are, scalars with String, arrays and objects as compact JSON; absent -> ''.
 */
export function formatAttributeValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '[unserializable value]';
  }
}
