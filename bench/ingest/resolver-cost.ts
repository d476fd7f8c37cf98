/**
 * CPU per span of the call resolver's own work (what its thread does per ingest batch: the skeletons read back,
 * traces kept in memory, desired calls, the difference, the call and edge rows encoded), measured in this process
 * on one core. The batches are the ingest benchmark's requests (generate.ts: 1,000 spans, fresh ids), decoded as the
 * building thread decodes them and derived as the pipeline derives them (`--requests` per batch); storage is a
 * stand-in that takes the inserts and answers reads with nothing, so only the resolver's JavaScript is counted.
 * A development aid for the resolver thread's share at full speed (issue 19).
 *
 *   node --expose-gc --import tsx bench/ingest/resolver-cost.ts [--batches 30] [--requests 40] [--interval-ms 1000] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadAnalyticsConfig } from '../../collector/src/analytics/config.js';
import { createResolver } from '../../collector/src/analytics/resolver/resolver.js';
import type { ResolverStorage } from '../../collector/src/analytics/resolver/store.js';
import { deriveRows } from '../../collector/src/ingest/derive/derived-rows.js';
import { createEndpointRegistry } from '../../collector/src/ingest/derive/registry.js';
import { createDecoder, type DecodeResult } from '../../collector/src/ingest/pipeline/decode-task.js';
import { createSpanFeed, type StoredSpans } from '../../collector/src/ingest/span-feed.js';
import { traceTask } from './decode-request.js';
import { buildTemplates, freshBody } from './generate.js';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '30' },
    requests: { type: 'string', default: '40' },
    rounds: { type: 'string', default: '3' },
    'interval-ms': { type: 'string', default: '1000' },
  },
});
const batches = Number(values.batches);
const perBatch = Number(values.requests);
const rounds = Number(values.rounds);
const interval = Number(values['interval-ms']);

const templates = buildTemplates(16, 1000, 'protobuf');
const decoder = createDecoder();
const registry = createEndpointRegistry(1000);
let seq = 0;

/** one ingest batch as the pipeline hands it to the resolver: fresh requests, decoded and derived */
function batch(): StoredSpans {
  const results: DecodeResult[] = [];
  for (let i = 0; i < perBatch; i++) {
    const body = freshBody(templates[i % templates.length], false);
    results.push(decoder.decode(traceTask(body)));
  }
  const parts = results.map((r) => ({ tenant: 'default', derived: r.derived! }));
  const derived = deriveRows(parts, registry);
  return {
    scope: `bench-${++seq}`,
    parts: parts.map((p) => ({ tenant: p.tenant, skeleton: p.derived.skeleton })),
    capped: derived.capped,
    replayed: false,
  };
}

const storage: ResolverStorage = {
  query: () => Promise.resolve([]),
  insertRowBinary: () => Promise.resolve(),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * µs of CPU per span the resolver takes over `batches` batches (built beforehand, outside the measure), one every
 * `--interval-ms` of real time as the pipeline hands them over, so traces stay in memory as long as they would and
 * the collections of that memory count (this process's CPU over the whole run, every thread).
 */
async function round(): Promise<number> {
  const feed = createSpanFeed();
  const config = loadAnalyticsConfig({});
  const resolver = createResolver({ storage, config, log: pino({ level: 'silent' }), feed });
  const input = Array.from({ length: batches }, batch);
  // the batches' own garbage is not the resolver's (run with --expose-gc)
  (globalThis as { gc?: () => void }).gc?.();
  let spans = 0;
  const c0 = process.cpuUsage();
  for (const b of input) {
    const t0 = Date.now();
    spans += b.parts.reduce((n, p) => n + p.skeleton.count, 0);
    const done = feed.publish(b);
    await resolver.tick(Date.now());
    await done;
    if (process.env.RSTAT) console.log(JSON.stringify(resolver.stats));
    await sleep(Math.max(0, interval - (Date.now() - t0)));
  }
  const c = process.cpuUsage(c0);
  await resolver.stop();
  return (c.user + c.system) / spans;
}

const seen: number[] = [];
await round(); // warm-up
for (let r = 0; r < rounds; r++) {
  const v = await round();
  seen.push(v);
  console.log(`round ${r + 1} resolver ${v.toFixed(2)} µs/span`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`resolver median ${median(seen).toFixed(2)} µs/span`);
