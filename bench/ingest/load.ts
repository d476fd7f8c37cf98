/** Load generator (a separate process): posts fresh OTLP trace requests for a fixed time, counts acknowledged spans. */
import { buildTemplates, freshBody } from './generate.js';

const [url, key, format, seconds, concurrency, spansPerRequest] = process.argv.slice(2);
const fmt = format === 'json' ? 'json' : 'protobuf';
const templates = buildTemplates(16, Number(spansPerRequest ?? 1000), fmt);
const contentType = fmt === 'json' ? 'application/json' : 'application/x-protobuf';
const deadline = Date.now() + Number(seconds) * 1000;
let acked = 0;
let requests = 0;
let rejected = 0;
let retries = 0;
let i = 0;
process.send?.({ ready: true });
const t0 = performance.now();

async function worker(): Promise<void> {
  while (Date.now() < deadline) {
    const t = templates[i++ % templates.length];
    const body = freshBody(t, fmt === 'json') as unknown as BodyInit;
    for (;;) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${key}` }, body });
      await res.arrayBuffer();
      if (res.status === 200) {
        acked += t.spans;
        requests++;
        break;
      }
      if (res.status === 429 || res.status === 503) {
        retries++;
        await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
        continue;
      }
      rejected++;
      break;
    }
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, worker));
const elapsed = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ acked, requests, rejected, retries, elapsed, bytesPerRequest: templates[0].body.length }));
process.exit(0);
