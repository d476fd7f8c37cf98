// Preloaded into the collector by bench/ingest/ack-latency.ts --watch (NODE_OPTIONS=--require): on the main
// thread, logs every garbage collection (kind, ms) and every event-loop stall (a 1 ms timer more than 9 ms late) to
// LOOP_WATCH_FILE as lines `gc <s> <kind> <ms>` and `stall <s> <ms>`, seconds since the process started.
'use strict';
const { PerformanceObserver } = require('node:perf_hooks');
const { openSync, writeSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

if (isMainThread && process.env.LOOP_WATCH_FILE) {
  const out = openSync(process.env.LOOP_WATCH_FILE, 'w');
  const kinds = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weakcb' };
  const sec = (ms) => (ms / 1000).toFixed(3);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      writeSync(out, `gc ${sec(e.startTime)} ${kinds[e.detail?.kind] ?? e.detail?.kind} ${e.duration.toFixed(2)}\n`);
  }).observe({ entryTypes: ['gc'] });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 9) writeSync(out, `stall ${sec(last)} ${(now - last - 1).toFixed(1)}\n`);
    last = now;
  }, 1).unref();
}
