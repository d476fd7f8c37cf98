/**
 * Resource timings, compactly encoded: one `res` beacon with the page-load beacon and one with later resources when
 * the page is hidden. Entries are grouped by origin: `{ "<origin>": [[path, initiator, start, duration,
 * transferSize, encodedBodySize, decodedBodySize], ...] }` (ms integers, initiator as one letter). XHR/fetch
 * calls (tracked on their own) and the collector's own requests are left out; at most 150 entries per page load.
 */
import type { Ctx } from '../core/context.js';
import { cleanUrl, matches, perf, round, safe } from '../core/util.js';

const MAX = 150;
const INITIATORS: Record<string, string> = {
  script: 's',
  link: 'l',
  css: 'c',
  img: 'i',
  image: 'i',
  iframe: 'f',
  other: 'o',
  beacon: 'b',
  video: 'v',
  audio: 'a',
};

export const installResources = (ctx: Ctx) => {
  if (!perf || !perf.getEntriesByType) return;
  let seen = 0;
  let sent = 0;
  const collect = safe(() => {
    const all = perf.getEntriesByType('resource') as PerformanceResourceTiming[];
    const r: Record<string, Array<Array<string | number>>> = {};
    let n = 0;
    for (const e of all.slice(seen)) {
      if (sent >= MAX || e.initiatorType === 'xmlhttprequest' || e.initiatorType === 'fetch') continue;
      if ((ctx.url && e.name.indexOf(ctx.url) === 0) || matches(ctx.ignore, e.name)) continue;
      const u = new URL(cleanUrl(e.name, ctx.secrets));
      (r[u.origin] = r[u.origin] || []).push([
        u.pathname + u.search,
        INITIATORS[e.initiatorType] || e.initiatorType.slice(0, 8),
        round(e.startTime),
        round(e.duration),
        e.transferSize,
        e.encodedBodySize,
        e.decodedBodySize,
      ]);
      sent++;
      n++;
    }
    seen = all.length;
    if (n) ctx.add({ t: 'res', r });
  });
  // in the page-load beacon's task (after the load event), then the later ones when the page is hidden
  ctx.afterLoad.push(collect);
  ctx.onHide.push(collect);
};
