/**
 * CPU per span of the two steps a decode worker runs for an OTLP protobuf traces request (decode-task.ts), measured
 * in this process on one core: `check` (decode and validate: what the answer waits for) and `rows` (decode again and
 * build the RowBinary rows, the derived analytics rows and the span skeleton: what the building thread does). The
 * requests are the ingest benchmark's (generate.ts: 1,000 spans, fresh ids, one unique UUID attribute per span).
 * Rounds alternate the two steps; medians are reported. A development aid for the build thread's cost (issue 19),
 * with far less scatter than the end-to-end run.
 *
 *   node --import tsx bench/ingest/build-cost.ts [--seconds 3] [--rounds 5]
 */
import { parseArgs } from 'node:util';
import { createDecoder } from '../../collector/src/ingest/pipeline/decode-task.js';
import { traceTask } from './decode-request.js';
import { buildTemplates, freshBody } from './generate.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '5' } } });
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const bodies = buildTemplates(16, 1000, 'protobuf').map((t) => freshBody(t, false));
const decoder = createDecoder();

/** µs of this process's CPU per span over `seconds` of repeating `step` */
function perSpan(step: (body: Buffer) => number): number {
  let spans = 0;
  let i = 0;
  const c0 = process.cpuUsage();
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) spans += step(bodies[i++ % bodies.length]);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / spans;
}
const steps: Record<string, (body: Buffer) => number> = {
  check: (b) => decoder.stage(traceTask(b)).check.accepted,
  rows: (b) => decoder.decode(traceTask(b)).accepted,
};
const seen: Record<string, number[]> = { check: [], rows: [] };
for (const name of Object.keys(steps)) perSpan(steps[name]); // warm-up
for (let r = 0; r < rounds; r++)
  for (const name of Object.keys(steps)) {
    const v = perSpan(steps[name]);
    seen[name].push(v);
    console.log(`round ${r + 1} ${name.padEnd(6)} ${v.toFixed(2)} µs/span`);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const name of Object.keys(seen)) console.log(`${name.padEnd(6)} median ${median(seen[name]).toFixed(2)} µs/span`);
