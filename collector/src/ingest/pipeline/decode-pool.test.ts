import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplates, freshBody } from '../../../../bench/ingest/generate.js';
import { timeLimits } from '../otlp/limits.js';
import { createDecodePool, type DecodePool } from './decode-pool.js';
import { createDecoder, type DecodeResult, type DecodeTask } from './decode-task.js';

/** four requests of 1,500 spans (seconds to generate: once for the file) */
let large: Buffer[] | undefined;
const largeBodies = () => (large ??= buildTemplates(4, 1500, 'protobuf').map((t) => freshBody(t, false)));

/** this process's threads whose nice value is `nice` (field 19 of /proc/<pid>/task/<tid>/stat) */
const threadsAtNice = (nice: number) =>
  readdirSync('/proc/self/task').filter((t) => {
    try {
      return Number(readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1].split(' ')[16]) === nice;
    } catch {
      return false; // the thread ended
    }
  }).length;

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
  tables: r.tables.map((t) => ({ table: t.table, rows: t.rows, data: Buffer.from(t.data as Buffer).toString('base64') })),
  skeleton: r.derived ? Buffer.from(r.derived.skeleton.records).toString('base64') : '',
  strings: r.derived?.skeleton.strings,
  traces: r.derived ? [...r.derived.traces] : [],
});

// one thread checks and builds; with two, one only checks (answers) and the other builds the rows
describe.each([1, 2])('%i decode thread(s)', (threads) => {
  let pool: DecodePool;
  beforeAll(() => {
    pool = createDecodePool(threads, {
      buildNice: 5,
      onFallback: (reason) => {
        throw new Error(`decode worker fell back to the main thread: ${reason}`);
      },
    });
  });
  afterAll(() => pool.close());

  it.skipIf(!existsSync('/proc/self/task'))('runs the threads that only build rows at the build priority', async () => {
    await pool.ready();
    expect(threadsAtNice(5)).toBe(threads >= 2 ? threads - 1 : 0);
  });

  /** a request through the pool: its answer (check) and then its rows */
  async function both(t: DecodeTask) {
    const d = await pool.decode(t);
    return { check: d, rows: await d.rows };
  }

  it('a decode worker gives the rows the main thread builds, request after request, small and large', async () => {
    await pool.ready();
    const inline = createDecoder();
    // small and large requests: rows under and over Node's pooled-allocation size
    const bodies = [...buildTemplates(3, 1, 'protobuf'), ...buildTemplates(3, 40, 'protobuf'), ...buildTemplates(3, 600, 'protobuf')].map(
      (t) => freshBody(t, false),
    );
    // on shared memory, as read-body.ts reads them: the workers read them in place and leave them as they were
    const shared = bodies.map((b) => {
      const s = Buffer.from(new SharedArrayBuffer(b.length));
      b.copy(s);
      return s;
    });
    const results = await Promise.all(shared.map((b) => both(task(b))));
    for (const [i, b] of bodies.entries()) {
      expect(shared[i].equals(b)).toBe(true);
      const { check, rows: r } = results[i];
      expect(r.accepted).toBeGreaterThan(0);
      expect([check.accepted, check.rejected, check.errors]).toEqual([r.accepted, r.rejected, r.errors]);
      expect(Buffer.isBuffer(r.tables[0].data)).toBe(true);
      expect(view(r)).toEqual(view(inline.decode(task(b))));
    }
    // and again: the worker's own buffers were not given away
    const again = await both(task(bodies[8]));
    expect(view(again.rows)).toEqual(view(inline.decode(task(bodies[8]))));
  }, 60_000);

  it("answers a request before building the rows of the requests ahead of it, with the rows' counts", async () => {
    await pool.ready();
    const [large] = buildTemplates(1, 3000, 'protobuf').map((t) => freshBody(t, false));
    const [small] = buildTemplates(1, 5, 'protobuf').map((t) => freshBody(t, false));
    const order: string[] = [];
    const a = pool.decode(task(large)).then((d) => (order.push('large answered'), d));
    const b = pool.decode(task(small)).then((d) => (order.push('small answered'), d));
    const rows = (await a).rows.then((r) => (order.push('large rows'), r));
    await b;
    expect((await rows).accepted).toBe(3000);
    expect(order.slice(0, 2)).toEqual(['large answered', 'small answered']);
    expect(order).toContain('large rows');
    expect(order.indexOf('small answered')).toBeLessThan(order.indexOf('large rows'));
    // spans out of the time window: rejected in the answer exactly as in the rows
    const stale = await both({ ...task(small), limits: { ...limits, maxSec: 1 } });
    expect(stale.check.accepted).toBe(0);
    expect(stale.check.rejected).toBe(5);
    expect([stale.check.rejected, stale.check.errors]).toEqual([stale.rows.rejected, stale.rows.errors]);
  }, 60_000);

  it('a malformed body is refused in the answer', async () => {
    await pool.ready();
    await expect(pool.decode(task(Buffer.from([0x0a, 0xff])))).rejects.toMatchObject({ status: 400, code: 'INVALID_OTLP' });
  });

  it('rows of answered requests survive their worker dying: decoded again by the next one', async () => {
    await pool.ready();
    const inline = createDecoder();
    const bodies = largeBodies();
    const pending = bodies.map((b) => pool.decode(task(b)));
    await Promise.all(pending);
    // the worker checks every request first and builds rows one at a time: some are answered without rows yet
    const redone = await pool.crashWorkers();
    expect(redone).toBeGreaterThan(0);
    for (const [i, d] of pending.entries()) {
      const rows = await (await d).rows;
      expect(view(rows)).toEqual(view(inline.decode(task(bodies[i]))));
    }
    // and the replacement worker serves new requests
    await pool.ready();
    const after = await both(task(bodies[0]));
    expect(after.rows.accepted).toBe(1500);
  }, 60_000);
});

describe('a pool whose building thread is behind', () => {
  let pool: DecodePool;
  let onePass = 0;
  beforeAll(() => {
    pool = createDecodePool(2, { buildNice: 5, onePassBacklog: 1, onOnePass: () => onePass++ });
  });
  afterAll(() => pool.close());

  it('decodes a traces request in one pass there: answered with its rows, the same rows; malformed still a 400', async () => {
    await pool.ready();
    // a first request through both threads: the building thread's queue is empty after it (its start probe done)
    const [small] = buildTemplates(1, 5, 'protobuf').map((t) => freshBody(t, false));
    await (
      await pool.decode(task(small))
    ).rows;
    onePass = 0;
    const inline = createDecoder();
    const bodies = largeBodies();
    // the first wave is checked (answered) at once, its rows queue at the building thread
    const first = await Promise.all(bodies.map((b) => pool.decode(task(b))));
    expect(onePass).toBe(0);
    // the second finds rows queued: decoded once, by the building thread, and answered with its rows built
    const second = bodies.map((b) => pool.decode(task(b)));
    const malformed = pool.decode(task(Buffer.from([0x0a, 0xff])));
    expect(onePass).toBeGreaterThan(0);
    await expect(malformed).rejects.toMatchObject({ status: 400, code: 'INVALID_OTLP' });
    for (const [i, d] of [...first, ...(await Promise.all(second))].entries()) {
      const rows = await d.rows;
      expect([d.accepted, d.rejected, d.errors]).toEqual([rows.accepted, rows.rejected, rows.errors]);
      expect(view(rows)).toEqual(view(inline.decode(task(bodies[i % bodies.length]))));
    }
    // metrics and logs are always checked first (their check decodes them whole anyway)
    const before = onePass;
    await pool.decode({ ...task(Buffer.from('{}')), signal: 'logs', format: 'json' });
    expect(onePass).toBe(before);
  }, 60_000);
});
