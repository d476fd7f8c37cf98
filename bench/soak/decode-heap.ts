/**
 * Does the decode step keep memory from one request to the next? The soak saw the decode workers' V8 heaps grow in
 * steps (58 -> 90 MiB over 100 minutes, `argus_decode_heap_bytes`, which is the heap's total size). This runs the
 * decode step alone, as the workers run it (one decoder per thread, kept for the process's life: `stage` and then
 * `rows` of each request, as the checking thread and the building thread do between them), on requests of the soak's
 * shape (spans with fresh ids, one trace per request), and every `--every` requests reads the heap's total size (what
 * the soak charts) and, after a full garbage collection, the bytes still in use: used flat while total grows is V8
 * sizing its heap for the allocation rate, used growing is memory kept.
 *
 * With `--no-gc` the readings are taken as they come (used then includes garbage), and only the last after a collection.
 *
 *   node --expose-gc --import tsx bench/soak/decode-heap.ts [--requests 400000] [--spans 50] [--every 20000] [--no-gc]
 */
import { getHeapStatistics } from 'node:v8';
import { Command } from 'commander';
import { createDecoder, type DecodeTask } from '../../collector/src/ingest/pipeline/decode-task.js';
import { timeLimits } from '../../collector/src/ingest/otlp/limits.js';
import { spanRequest } from '../chaos/collector-process.js';
import { slope } from '../fuzz/stats.js';

const o = new Command()
  .option('--requests <n>', 'requests to decode', '400000')
  .option('--spans <n>', 'spans per request', '50')
  .option('--every <n>', 'requests between readings', '20000')
  .option('--no-gc', 'no collection before a reading (the total as the soak sees it); one full collection at the end')
  .parse()
  .opts<{ requests: string; spans: string; every: string; gc: boolean }>();
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const decoder = createDecoder();
const MiB = 2 ** 20;
const rows: Array<{ requests: number; totalMiB: number; usedAfterGcMiB: number; seconds: number }> = [];
const t0 = performance.now();
let spans = 0;
for (let i = 1; i <= Number(o.requests); i++) {
  const task: DecodeTask = {
    signal: 'traces',
    tenant: 'default',
    format: 'protobuf',
    encoding: 'identity',
    body: Buffer.from(spanRequest('soak', Number(o.spans)).body),
    limits: timeLimits(7),
    maxBodyBytes: 16 * MiB,
  };
  const staged = decoder.stage(task);
  spans += staged.rows().accepted;
  if (i % Number(o.every) === 0) {
    const totalMiB = getHeapStatistics().total_heap_size / MiB;
    if (o.gc || i === Number(o.requests)) {
      gc();
      gc();
    }
    rows.push({
      requests: i,
      totalMiB,
      usedAfterGcMiB: getHeapStatistics().used_heap_size / MiB,
      seconds: (performance.now() - t0) / 1000,
    });
    const r = rows[rows.length - 1];
    process.stderr.write(`${r.requests} requests: total ${r.totalMiB.toFixed(1)} MiB, used after GC ${r.usedAfterGcMiB.toFixed(2)} MiB\n`);
  }
}
const half = rows.slice(Math.floor(rows.length / 2));
const perMillion = (pick: (r: (typeof rows)[number]) => number) => slope(half.map((r) => [r.requests / 1e6, pick(r)] as const)).toFixed(2);
console.log(`| requests | spans | heap total MiB | used${o.gc ? ' after a full GC' : ' (last: after a full GC)'} MiB | s |`);
console.log(`|---:|---:|---:|---:|---:|`);
for (const r of rows)
  console.log(
    `| ${r.requests} | ${r.requests * Number(o.spans)} | ${r.totalMiB.toFixed(1)} | ${r.usedAfterGcMiB.toFixed(2)} | ${r.seconds.toFixed(0)} |`,
  );
console.log(
  `\nsecond half, per million requests: total ${perMillion((r) => r.totalMiB)} MiB, used after GC ${perMillion((r) => r.usedAfterGcMiB)} MiB; ${spans} spans accepted`,
);
