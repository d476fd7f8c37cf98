/**
 * The collector side of bench/query/trace-by-id.ts, in its own process (as a browser or API client is): a test
 * collector (embedded chDB, call resolver off so no background pass runs during the timings) from the working tree
 * or from `--collector <dir>` (another revision's collector/), with `--background` spans of the query benchmark's
 * 20-service shop loaded straight into `spans` over the last day. Prints one JSON line with its URLs and keys when
 * ready; stops (and deletes its data) when stdin closes.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TestCollector } from '@argus/collector/testing';
import { createTemplateTable, insertTraces } from './load.js';
import { spansPerTrace } from './topology.js';

const { values } = parseArgs({ options: { collector: { type: 'string' }, background: { type: 'string', default: '1000000' } } });
process.env.ARGUS_ANALYTICS_RESOLVER = 'off';
const mod = (await import(values.collector ? join(values.collector, 'testing/index.ts') : '@argus/collector/testing')) as {
  startTestCollector: (config?: object, opts?: { authenticateFetch?: boolean }) => Promise<TestCollector>;
};
const col = await mod.startTestCollector({}, { authenticateFetch: false });
const storage = col.deps.storage;
const background = Number(values.background);
if (background > 0) {
  const now = Date.now();
  await createTemplateTable(storage);
  const traces = Math.round(background / spansPerTrace());
  for (let first = 0; first < traces; first += 100_000)
    await insertTraces(storage, first, Math.min(100_000, traces - first), traces, now - 86_400_000);
  // the trace index rows the collector writes while ingesting (bench/query/derive.ts)
  await storage.command(
    `INSERT INTO trace_index SELECT tenant, trace_id, min(timestamp), max(addNanoseconds(timestamp, duration_ns)), count() FROM spans GROUP BY tenant, trace_id`,
  );
  await storage.command('DROP TABLE bench_template');
}
console.log(JSON.stringify({ apiUrl: col.apiUrl, ingestUrl: col.ingestUrl, ingestKey: col.ingestKey, adminToken: col.adminToken }));
process.stdin.resume();
process.stdin.on('end', () => {
  void col.destroy().then(() => process.exit(0));
});
