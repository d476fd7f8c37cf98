/**
 * Minimal Core Web Vitals (same definitions as Google's web-vitals, trimmed): FCP, LCP (final at the first
 * input or hide), CLS (largest session window: gaps < 1 s, windows <= 5 s), INP (worst interaction, or the
 * 98th percentile once there are 50+ interactions), each with a cheap attribution (the element involved).
 */
import { doc, observe, round, sel } from '../core/util.js';

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

export const trackVitals = () => {
  const v: Vitals = { cls: 0 };
  const hiddenAtStart = doc.visibilityState === 'hidden';
  let lcpDone = hiddenAtStart;
  let win = 0;
  let winStart = 0;
  let winLast = 0;
  let winMax = 0;
  const inter: Record<number, number> = {};
  const worst: Array<[number, string | undefined]> = [];
  let count = 0;

  if (!hiddenAtStart) {
    observe('paint', (l) => l.forEach((e) => e.name === 'first-contentful-paint' && (v.fcp = round(e.startTime))));
    observe('largest-contentful-paint', (l) => {
      if (lcpDone) return;
      const e = l[l.length - 1] as Lcp;
      v.lcp = round(e.startTime);
      v.la = sel(e.element);
    });
  }
  const stopLcp = () => (lcpDone = true);
  ['keydown', 'click'].forEach((t) => addEventListener(t, stopLcp, { once: true, capture: true }));

  observe('layout-shift', (l) =>
    (l as Shift[]).forEach((e) => {
      if (e.hadRecentInput) return;
      if (win && e.startTime - winLast < 1000 && e.startTime - winStart < 5000) win += e.value;
      else (win = e.value), (winStart = e.startTime);
      winLast = e.startTime;
      if (e.value > winMax) {
        winMax = e.value;
        const s = e.sources && e.sources.find((x) => x.node);
        v.ca = sel(s && s.node);
      }
      v.cls = Math.max(v.cls, round(win * 1e4) / 1e4);
    }),
  );

  const onEvent = (l: PerformanceEntry[]) =>
    (l as Ev[]).forEach((e) => {
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
    });
  observe('event', onEvent, { durationThreshold: 16 });
  observe('first-input', onEvent);
  return { v, stopLcp };
};
