import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { canMountTmpfs, mountTmpfs } from '../../../testing/tmpfs.js';
import { encodeRecord, parseSegment } from './record.js';
import { openWal } from './wal.js';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'argus-wal-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  // retried: a log closed by the test may still be finishing a segment file when the directory is removed
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

const messages: string[] = [];
const log = pino({ level: 'warn' }, { write: (line: string) => messages.push(line) });
const segmentsIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.wal'));

describe('write-ahead log', () => {
  it('acknowledges appends once on disk (one sync for the appends in flight) and gives them back after a restart', async () => {
    const dir = fresh();
    const wal = openWal({ dir, maxBytes: 1 << 20, log });
    const refs = Array.from({ length: 20 }, (_, i) => wal.append({ i }, Buffer.from(`body ${i}`)));
    const first = refs[0].ref.segment;
    expect(refs.map((r) => r.ref)).toEqual(refs.map((_, i) => ({ segment: first, index: i })));
    await Promise.all(refs.map((r) => r.durable));
    await wal.seal(first);
    const next = wal.append({ i: 20 }, Buffer.from('body 20'));
    expect(next.ref).toEqual({ segment: first + 1, index: 0 });
    await next.durable;
    // a crash here: nothing released; a new process reads both segments back, in order
    const again = openWal({ dir, maxBytes: 1 << 20, log });
    const got = await again.recover();
    expect(got.map((s) => s.segment)).toEqual([first, first + 1]);
    expect(got[0].records.map((r) => r.body.toString())).toEqual(Array.from({ length: 20 }, (_, i) => `body ${i}`));
    expect(got[1].records[0].meta).toEqual({ i: 20 });
    const last = again.append({}, Buffer.from('x'));
    expect(last.ref.segment).toBeGreaterThan(first + 1);
    expect(again.id).toBe(wal.id);
    await last.durable;
    await again.close();
    await wal.close();
  });

  it('cancels records that will not be acknowledged: a replay skips them, in their segment or an earlier one', async () => {
    const dir = fresh();
    const wal = openWal({ dir, maxBytes: 1 << 20, log });
    const [a, b, c] = ['a', 'b', 'c'].map((x) => wal.append({ x }, Buffer.from(x)));
    await Promise.all([a, b, c].map((r) => r.durable));
    await wal.cancel(b.ref); // same segment, index 3
    await wal.seal(a.ref.segment);
    const d = wal.append({ x: 'd' }, Buffer.from('d'));
    await d.durable;
    await wal.cancel(a.ref); // from the next segment
    const got = await openWal({ dir, maxBytes: 1 << 20, log }).recover();
    expect(got).toHaveLength(2);
    const kept = got.flatMap((s) => s.records.filter((_, i) => !s.skip.has(i)).map((r) => r.body.toString()));
    expect(kept).toEqual(['c', 'd']);
    expect([...got[0].skip].sort()).toEqual([a.ref.index, b.ref.index, 3]);
    expect([...got[1].skip]).toEqual([1]);
    await wal.close();
  });

  it('never numbers a segment like an earlier one, even when every segment was released (numbers are in the deduplication tokens)', async () => {
    const dir = fresh();
    const wal = openWal({ dir, maxBytes: 1 << 20, log });
    const a = wal.append({}, Buffer.from('a'));
    await a.durable;
    await wal.seal(a.ref.segment);
    await wal.release(a.ref.segment);
    await wal.close();
    expect(segmentsIn(dir)).toEqual([]);
    const again = openWal({ dir, maxBytes: 1 << 20, log });
    expect(await again.recover()).toEqual([]);
    expect(again.append({}, Buffer.from('b')).ref.segment).toBeGreaterThan(a.ref.segment);
    await again.close();
  });

  it('deletes a segment once released, and counts the bytes it holds', async () => {
    const dir = fresh();
    const wal = openWal({ dir, maxBytes: 1 << 20, log });
    const { ref, durable } = wal.append({}, Buffer.alloc(1000));
    await durable;
    expect(wal.bytes()).toBeGreaterThan(1000);
    await wal.seal(ref.segment);
    await wal.release(ref.segment);
    expect(wal.bytes()).toBe(0);
    expect(segmentsIn(dir)).toEqual([]);
  });

  it('refuses appends beyond its bound with 503 + Retry-After, and takes them again once space is released', async () => {
    const dir = fresh();
    const wal = openWal({ dir, maxBytes: 3000, log });
    const { ref, durable } = wal.append({}, Buffer.alloc(1000));
    await durable;
    await wal.append({}, Buffer.alloc(1000)).durable;
    const full = wal.append({}, Buffer.alloc(1500));
    expect(full.ref.index).toBe(-1);
    await expect(full.durable).rejects.toMatchObject({ code: 'OVERLOADED', status: 503, retryAfterSeconds: 5 });
    await wal.seal(ref.segment);
    await wal.release(ref.segment);
    await expect(wal.append({}, Buffer.alloc(1500)).durable).resolves.toBeUndefined();
    await wal.close();
  });

  it('cuts a torn tail (a record cut short, or garbage after the last whole record), replays what precedes it and reports the rest', async () => {
    const dir = fresh();
    const wal = openWal({ dir, maxBytes: 1 << 20, log });
    let segment = 0;
    for (let i = 0; i < 5; i++) {
      const a = wal.append({ i }, Buffer.from(`record ${i}`));
      segment = a.ref.segment;
      await a.durable;
    }
    await wal.seal(segment);
    const file = join(dir, segmentsIn(dir)[0]);
    const whole = statSync(file).size;
    // the machine died in the middle of the sixth append: half a record, then nothing
    const sixth = Buffer.from(readFileSync(file).subarray(0, 40));
    appendFileSync(file, sixth.subarray(0, 20));
    messages.length = 0;
    const [seg] = await openWal({ dir, maxBytes: 1 << 20, log }).recover();
    expect(seg.records.map((r) => r.meta)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }]);
    expect(statSync(file).size).toBe(whole);
    expect(messages.join('')).toMatch(/torn or corrupt tail cut off/);
    expect(messages.join('')).toMatch(/"droppedBytes":20/);
    // a flipped byte in the last record: its checksum fails, the four before it are kept
    const data = readFileSync(file);
    data[data.length - 3] ^= 0xff;
    writeFileSync(file, data);
    const [seg2] = await openWal({ dir, maxBytes: 1 << 20, log }).recover();
    expect(seg2.records).toHaveLength(4);
    expect(parseSegment(readFileSync(file)).problem).toBeUndefined();
  });

  it.skipIf(!canMountTmpfs())('on a disk that fills up, acknowledges only records it can read back whole', async () => {
    const disk = mountTmpfs(512);
    try {
      const wal = openWal({ dir: disk.dir, maxBytes: 1 << 30, log });
      const acked = new Set<number>();
      let failed = 0;
      // records of 3-77 KiB, a few in flight at once, until the disk has refused several: some writes are cut short
      for (let i = 0; failed < 6 && i < 400; i += 4) {
        const batch = [0, 1, 2, 3].map((k) => ({
          i: i + k,
          a: wal.append({ i: i + k }, Buffer.alloc(3000 + (((i + k) * 7919) % 77_000), (i + k) & 0xff)),
        }));
        for (const { i: n, a } of batch) {
          try {
            await a.durable;
            acked.add(n);
          } catch (e) {
            expect((e as Error).message).toMatch(/disk is full/);
            failed++;
          }
        }
      }
      expect(failed).toBeGreaterThan(0);
      expect(acked.size).toBeGreaterThan(3);
      await wal.close();
      const recovered = (await openWal({ dir: disk.dir, maxBytes: 1 << 30, log }).recover()).flatMap((s) => s.records);
      const back = new Map(recovered.map((r) => [(r.meta as { i: number }).i, r.body]));
      for (const n of acked) {
        expect(back.has(n), `acknowledged record ${n} read back`).toBe(true);
        expect(back.get(n)!.every((b) => b === (n & 0xff))).toBe(true);
      }
      expect([...back.keys()].filter((n) => !acked.has(n))).toEqual([]); // nothing refused comes back either
    } finally {
      disk.remove();
    }
  });

  it('a record cut at any byte leaves exactly the records before it', () => {
    const dir = fresh();
    const parts = [0, 1, 2].map((i) => Buffer.concat(encodeAll(i)));
    const file = join(dir, 'x.wal');
    writeFileSync(file, Buffer.concat(parts));
    const full = readFileSync(file);
    for (let cut = 0; cut <= full.length; cut++) {
      writeFileSync(file, full.subarray(0, cut));
      const whole = parts.reduce((n, p, i) => (parts.slice(0, i + 1).reduce((a, b) => a + b.length, 0) <= cut ? i + 1 : n), 0);
      expect(parseSegment(readFileSync(file)).records, `cut at ${cut}`).toHaveLength(whole);
    }
  });
});

function encodeAll(i: number): Buffer[] {
  return encodeRecord({ i }, Buffer.from(`payload ${i}`));
}
