/**
 * Minimal Core Web Vitals (same definitions as Google's web-vitals, trimmed): FCP, LCP (final at the first
 * input or hide), CLS (largest session window: gaps < 1 s, windows <= 5 s), INP (worst interaction, or the
 * 98th percentile once there are 50+ interactions), each with a cheap attribution (the element involved).
 *
 * One PerformanceObserver for every entry type, so a frame's entries arrive in one callback. Interactions are
 * observed from the start (the buffer only keeps events >= 104 ms); paints, LCP and layout shifts only from
 * `start()` (after the load event), buffered: one callback with everything so far instead of one per candidate
 * while the page loads.
 */
import { doc, round, safe, sel } from '../core/util.js';

export interface Vitals {
  fcp?: number;
  lcp?: number;
  /** LCP element */
  la?: string;
  cls: number;
  /** element of the largest layout shift */
  ca?: string;
  inp?: number;
  /** INP event type and target: `click button#buy` */
  ia?: string;
}

type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Array<{ node?: Node }> };
type Lcp = PerformanceEntry & { element?: Element };
type Ev = PerformanceEntry & { interactionId?: number; target?: Node };

const FCP = 'first-contentful-paint';
const LCP = 'largest-contentful-paint';

/** `onPaint` runs after a callback that delivered paints or LCP candidates */
export const trackVitals = (onPaint: () => void) => {
  const v: Vitals = { cls: 0 };
  const hiddenAtStart = doc.visibilityState === 'hidden';
  /** LCP candidates after the first input (or the first hide) do not count */
  let lcpEnd = hiddenAtStart ? 0 : 1 / 0;
  let win = 0;
  let winStart = 0;
  let winLast = 0;
  let winMax = 0;
  const inter: Record<number, number> = {};
  const worst: Array<[number, string | undefined]> = [];
  let count = 0;

  const shift = (e: Shift) => {
    if (e.hadRecentInput) return;
    if (win && e.startTime - winLast < 1000 && e.startTime - winStart < 5000) win += e.value;
    else {
      win = e.value;
      winStart = e.startTime;
    }
    winLast = e.startTime;
    if (e.value > winMax) {
      winMax = e.value;
      const s = e.sources && e.sources.find((x) => x.node);
      v.ca = sel(s && s.node);
    }
    v.cls = Math.max(v.cls, round(win * 1e4) / 1e4);
  };
  const event = (e: Ev) => {
    const id = e.interactionId;
    if (!id) return;
    if (!(id in inter)) count++;
    if ((inter[id] || 0) >= e.duration) return;
    inter[id] = e.duration;
    worst.push([e.duration, e.name + ' ' + (sel(e.target) || '')]);
    worst.sort((a, b) => b[0] - a[0]);
    worst.length = Math.min(worst.length, 10);
    const w = worst[Math.min(worst.length - 1, (count / 50) | 0)];
    v.inp = round(w[0]);
    v.ia = w[1];
  };

  let po: PerformanceObserver | undefined;
  let types: readonly string[] = [];
  try {
    types = PerformanceObserver.supportedEntryTypes;
    po = new PerformanceObserver(
      safe((l: PerformanceObserverEntryList) => {
        let paint = false;
        let lcp: Lcp | undefined;
        for (const e of l.getEntries()) {
          const t = e.entryType;
          if (t === 'paint') {
            if (e.name === FCP) {
              v.fcp = round(e.startTime);
              paint = true;
            }
          } else if (t === LCP) {
            if (e.startTime <= lcpEnd) lcp = e;
          } else if (t === 'layout-shift') shift(e as Shift);
          else event(e);
        }
        if (lcp) {
          v.lcp = round(lcp.startTime);
          v.la = sel(lcp.element);
          paint = true;
        }
        if (paint) onPaint();
      }),
    );
  } catch {
    /* no PerformanceObserver: no vitals */
  }
  /** observe `type` (buffered) when supported */
  const watch = (type: string, opts?: object) => {
    try {
      if (po && types.indexOf(type) >= 0) return (po.observe({ type, buffered: true, ...opts }), true);
    } catch {
      /* unsupported option */
    }
    return false;
  };
  const stopLcp = () => (lcpEnd = Math.min(lcpEnd, performance.now()));
  ['keydown', 'click'].forEach((t) => addEventListener(t, stopLcp, { once: true, capture: true }));
  watch('event', { durationThreshold: 16 });
  watch('first-input');
  /** starts paints, LCP and layout shifts; returns which of FCP and LCP will come */
  const start = () => {
    const paints = !hiddenAtStart && watch('paint');
    const lcp = !hiddenAtStart && watch(LCP);
    watch('layout-shift');
    return [paints, lcp];
  };
  return { v, stopLcp, start };
};
