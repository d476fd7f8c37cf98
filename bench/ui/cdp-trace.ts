/**
 * Chromium's own account of where the renderer's main thread spends its time (CDP Tracing, the data behind the
 * Performance panel): the trace of a page action, summarized as self time per event (script, style, layout, paint,
 * GC, ...) inside a time window, plus a grouping into the Performance panel's categories.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
  'loading',
  'v8.execute',
  'disabled-by-default-v8.gc',
].join(',');

/** Records a trace while `action` runs (plus any `extraCategories`, e.g. 'blink', 'cc'); returns the action's result and the events. */
export async function traced<T>(
  page: Page,
  action: () => Promise<T>,
  extraCategories: string[] = [],
): Promise<{ result: T; events: TraceEvent[] }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (m) => void events.push(...(m.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: [CATEGORIES, ...extraCategories].join(','), transferMode: 'ReportEvents' });
  try {
    const result = await action();
    return { result, events };
  } finally {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
  }
}

/** The renderer main thread of the page's process (the busiest CrRendererMain in the trace). */
export function mainThread(events: TraceEvent[]): { pid: number; tid: number } {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best = { pid: 0, tid: 0, n: -1 };
  for (const m of mains) {
    const n = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X').length;
    if (n > best.n) best = { pid: m.pid, tid: m.tid, n };
  }
  return { pid: best.pid, tid: best.tid };
}

const GROUPS: Array<[RegExp, string]> = [
  [/GC|Scavenge|Mark|Sweep|Compact/i, 'gc'],
  [
    /^(FunctionCall|EvaluateScript|v8\.|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|V8\.|XHR|ResizeObserver|IntersectionObserver)/,
    'script',
  ],
  [/^(UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|ParseAuthorStyleSheet)/, 'style'],
  [/^(Layout|UpdateLayerTree|InvalidateLayout|HitTest)/, 'layout'],
  [/^(Paint|PrePaint|Layerize|CompositeLayers|Commit|PaintImage|Decode|Rasterize|RasterTask|UpdateLayer)/, 'paint'],
  [/^(ParseHTML|ResourceReceivedData|ResourceFinish|ResourceReceiveResponse)/, 'loading'],
];

export function groupOf(name: string): string {
  for (const [re, g] of GROUPS) if (re.test(name)) return g;
  return 'other';
}

export interface Breakdown {
  /** sum of top-level task time on the main thread inside the window, ms */
  busyMs: number;
  /** self time per trace event name, ms, largest first */
  byEvent: Array<[string, number]>;
  /** self time per category (script, style, layout, paint, gc, loading, other), ms */
  byGroup: Record<string, number>;
}

/**
 * Self time per event on the main thread for complete events starting inside [fromUs, toUs] (trace clock, µs).
 * Nested events are subtracted from their parent, so the numbers add up to the busy time.
 */
export function breakdown(events: TraceEvent[], fromUs = -Infinity, toUs = Infinity): Breakdown {
  const { pid, tid } = mainThread(events);
  const xs = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined && e.ts >= fromUs && e.ts <= toUs)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: Array<{ e: TraceEvent; end: number }> = [];
  let busy = 0;
  for (const e of xs) {
    const end = e.ts + (e.dur ?? 0);
    while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.e.name, (self.get(parent.e.name) ?? 0) - (e.dur ?? 0));
    else busy += e.dur ?? 0;
    self.set(e.name, (self.get(e.name) ?? 0) + (e.dur ?? 0));
    stack.push({ e, end });
  }
  const byEvent = [...self].map(([n, us]) => [n, us / 1000] as [string, number]).sort((a, b) => b[1] - a[1]);
  const byGroup: Record<string, number> = {};
  for (const [n, ms] of byEvent) byGroup[groupOf(n)] = (byGroup[groupOf(n)] ?? 0) + ms;
  return { busyMs: busy / 1000, byEvent, byGroup };
}

/** The trace time (µs) when the response of the first request whose URL contains `part` finished loading. */
export function responseFinished(events: TraceEvent[], part: string): number {
  const send = events.find((e) => {
    const url = e.args?.data?.url;
    return e.name === 'ResourceSendRequest' && typeof url === 'string' && url.includes(part);
  });
  const id = send?.args?.data?.requestId;
  const fin = events.find((e) => e.name === 'ResourceFinish' && e.args?.data?.requestId === id);
  return fin?.ts ?? NaN;
}

export const fmtBreakdown = (b: Breakdown, top = 12): string =>
  `busy ${b.busyMs.toFixed(0)} ms | ${Object.entries(b.byGroup)
    .sort((x, y) => y[1] - x[1])
    .map(([g, ms]) => `${g} ${ms.toFixed(0)}`)
    .join(', ')}\n  ${b.byEvent
    .slice(0, top)
    .map(([n, ms]) => `${n} ${ms.toFixed(1)}`)
    .join(', ')}`;
