import { loadOtlpTypes } from '@argus/otlp';
import { afterAll, expect, it } from 'vitest';
import { buildTemplates, freshBody } from '../../../../bench/ingest/generate.js';
import { timeLimits } from '../otlp/limits.js';
import { createDecodePool } from './decode-pool.js';
import { createDecoder, type DecodeResult, type DecodeTask } from './decode-task.js';

const types = loadOtlpTypes();
const pool = createDecodePool(types, 1, (reason) => {
  throw new Error(`decode worker fell back to the main thread: ${reason}`);
});
afterAll(() => pool.close());

const limits = timeLimits(7);
const task = (body: Buffer): DecodeTask => ({
  signal: 'traces',
  tenant: 't1',
  format: 'protobuf',
  encoding: 'identity',
  body,
  limits,
  maxBodyBytes: 20 * 1024 * 1024,
});
const view = (r: DecodeResult) => ({
  accepted: r.accepted,
  rejected: r.rejected,
  tables: r.tables.map((t) => ({ table: t.table, rows: t.rows, data: Buffer.from(t.data).toString('base64') })),
  skeleton: r.derived ? Buffer.from(r.derived.skeleton.records).toString('base64') : '',
  strings: r.derived?.skeleton.strings,
  traces: r.derived ? [...r.derived.traces] : [],
});

it('a decode worker gives the rows the main thread builds, request after request, small and large', async () => {
  await pool.ready();
  const inline = createDecoder(types);
  // small and large requests: rows under and over Node's pooled-allocation size
  const bodies = [...buildTemplates(3, 1, 'protobuf'), ...buildTemplates(3, 40, 'protobuf'), ...buildTemplates(3, 600, 'protobuf')].map(
    (t) => freshBody(t, false),
  );
  const results = await Promise.all(bodies.map((b) => pool.decode(task(b))));
  for (const [i, b] of bodies.entries()) {
    const r = results[i];
    expect(r.accepted).toBeGreaterThan(0);
    expect(Buffer.isBuffer(r.tables[0].data)).toBe(true);
    expect(view(r)).toEqual(view(inline.decode(task(b))));
  }
  // and again: the worker's own buffers were not given away
  const again = await pool.decode(task(bodies[8]));
  expect(view(again)).toEqual(view(inline.decode(task(bodies[8]))));
}, 60_000);
