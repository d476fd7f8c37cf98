/**
 * The overload client (a separate process, bench/chaos/overload-run.ts): fresh OTLP trace requests (bench/ingest's
 * templates: unique ids, UUIDs and times per send) either closed loop (`rate` 0: `concurrency` senders, each sends
 * when its answer is back) or open loop at `rate` requests/s with at most `concurrency` in flight. It never retries:
 * every answer is counted as it came (200 acknowledged, 429/503 with or without Retry-After, anything else).
 *
 *   overload-load.ts <url> <key> <seconds> <concurrency> <spansPerRequest> <rate>
 */
import { buildTemplates, freshBody } from '../ingest/generate.js';

const [url, key, seconds, concurrency, spansPerRequest, rate] = process.argv.slice(2);
const templates = buildTemplates(16, Number(spansPerRequest), 'protobuf');
const perSecond = Number(rate);
const maxInFlight = Number(concurrency);
const deadline = Date.now() + Number(seconds) * 1000;
// elapsed: until the last answer; sending: until the last request was sent (the offered rate's time: answers to the
// last requests, refusals held up to 5 s for room among them, come in after it)
const out = {
  offered: 0,
  acked: 0,
  ackedRequests: 0,
  statuses: {} as Record<string, number>,
  refusedWithoutRetryAfter: 0,
  elapsed: 0,
  sending: 0,
};
let i = 0;

async function send(): Promise<void> {
  const t = templates[i++ % templates.length];
  out.offered++;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${key}` },
      body: freshBody(t, false) as unknown as BodyInit,
      signal: AbortSignal.timeout(60_000),
    });
    await res.arrayBuffer();
    out.statuses[res.status] = (out.statuses[res.status] ?? 0) + 1;
    if (res.status === 200) {
      out.acked += t.spans;
      out.ackedRequests++;
    } else if ((res.status === 429 || res.status === 503) && !res.headers.get('retry-after')) out.refusedWithoutRetryAfter++;
  } catch (e) {
    const k = e instanceof Error ? ((e.cause as { code?: string } | undefined)?.code ?? e.name) : 'error';
    out.statuses[k] = (out.statuses[k] ?? 0) + 1;
  }
}

const t0 = performance.now();
if (perSecond > 0) {
  const inFlight = new Set<Promise<void>>();
  for (let n = 0; Date.now() < deadline; n++) {
    const wait = t0 + (n * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const p = send().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  out.sending = (performance.now() - t0) / 1000;
  await Promise.all(inFlight);
} else {
  await Promise.all(
    Array.from({ length: maxInFlight }, async () => {
      while (Date.now() < deadline) await send();
    }),
  );
}
out.elapsed = (performance.now() - t0) / 1000;
out.sending ||= out.elapsed;
console.log(JSON.stringify(out));
process.exit(0);
