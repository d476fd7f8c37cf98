/**
 * The page-load beacon, sent once the load event has finished and FCP and LCP are known (at most 3 s later):
 * navigation timing breakdown, TTFB, FCP, LCP and CLS so far, the backend trace id from the document's
 * Server-Timing. The final web vitals (LCP, CLS, INP) follow in one `wv` beacon when the page is first hidden.
 */
import type { Ctx } from '../core/context.js';
import { cleanUrl, doc, perf, round, safe, traceFromServerTiming, win } from '../core/util.js';
import { trackVitals } from './vitals.js';

type Nav = PerformanceNavigationTiming & { serverTiming?: Array<{ name: string; description: string }> };

const timings = (n: Nav) => {
  const d = (a: number, b: number) => (a > 0 && b >= a ? round(b - a) : undefined);
  return {
    r: d(n.redirectStart, n.redirectEnd),
    d: d(n.domainLookupStart, n.domainLookupEnd),
    c: d(n.connectStart, n.connectEnd),
    s: n.secureConnectionStart > 0 ? d(n.secureConnectionStart, n.connectEnd) : undefined,
    q: d(n.requestStart, n.responseStart),
    o: d(n.responseStart, n.responseEnd),
    m: d(n.responseEnd, n.domComplete),
    l: d(n.loadEventStart, n.loadEventEnd),
  };
};

export const installPageLoad = (ctx: Ctx) => {
  if (!perf || !perf.getEntriesByType) return;
  let sent = false;
  let loaded = false;
  let page: string | undefined;
  /** whether FCP and LCP are still to come (they often follow the load event) */
  let want = [false, false];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = safe(() => {
    if (sent) return;
    sent = true;
    clearTimeout(timer);
    const n = perf.getEntriesByType('navigation')[0] as Nav | undefined;
    const st = n && n.serverTiming && n.serverTiming.find((x) => /^(traceparent|intid)$/.test(x.name));
    const c = (navigator as Navigator & { connection?: { effectiveType?: string } }).connection;
    ctx.add({
      t: 'pl',
      p: page,
      u: cleanUrl(location.href, ctx.secrets),
      d: n ? round(n.loadEventEnd || n.duration) : undefined,
      nt: n && timings(n),
      ty: n && n.type,
      ttfb: n ? round(n.responseStart) : undefined,
      fcp: v.fcp,
      lcp: v.lcp,
      la: v.la,
      cls: v.cls,
      bt: st ? traceFromServerTiming(st.name + ';desc=' + st.description) : undefined,
      vw: win.innerWidth,
      vh: win.innerHeight,
      ct: c && c.effectiveType,
    });
    ctx.afterLoad.forEach((f) => f());
  });
  /** after the load event: send once FCP and LCP are known (or will not come), waiting at most 3 s for them */
  const maybeSend = () => {
    if (loaded && (!want[0] || v.fcp !== undefined) && (!want[1] || v.lcp !== undefined)) send();
  };
  const { v, stopLcp, start } = trackVitals(maybeSend);
  ctx.onHide.push(() => {
    if (loaded) send();
    stopLcp();
    ctx.add({ t: 'wv', fcp: v.fcp, lcp: v.lcp, la: v.la, cls: v.cls, ca: v.ca, inp: v.inp, ia: v.ia });
  });
  // at the load event: start the observers; their first callback (a later task, when loadEventEnd is set)
  // usually sends. Without FCP and LCP to wait for, the beacon goes in the next task.
  const later = safe(() => {
    page = ctx.page;
    loaded = true;
    want = start();
    timer = setTimeout(send, want[0] || want[1] ? 3000 : 0);
  });
  if (doc.readyState === 'complete') later();
  else win.addEventListener('load', later);
};
