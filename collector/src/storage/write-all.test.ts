import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canMountTmpfs, mountTmpfs } from '../../testing/tmpfs.js';
import { writeAll } from './write-all.js';

const bufs = (sizes: number[]) => sizes.map((n, k) => Buffer.alloc(n, k + 1));

/** a file handle that takes at most `max` bytes per call, as write(2) may (the rest stays for the next call) */
function shortWriter(max: number, budget = Infinity) {
  const out: Buffer[] = [];
  let calls = 0;
  return {
    out,
    calls: () => calls,
    writev(list: Buffer[]) {
      calls++;
      let room = Math.min(max, budget);
      let n = 0;
      for (const b of list) {
        const take = Math.min(room, b.length);
        out.push(b.subarray(0, take));
        n += take;
        room -= take;
        if (room === 0) break;
      }
      budget -= n;
      return Promise.resolve({ bytesWritten: n, buffers: list });
    },
  };
}

describe('writeAll', () => {
  it('writes what a short write left, in order, across and inside buffers', async () => {
    const input = bufs([5, 0, 1, 4000, 7, 3]);
    const fh = shortWriter(1000);
    expect(await writeAll(fh, input)).toBe(4016);
    expect(Buffer.concat(fh.out)).toEqual(Buffer.concat(input));
    expect(fh.calls()).toBe(5);
  });

  it('throws ENOSPC when the disk takes nothing more', async () => {
    const fh = shortWriter(1000, 2500);
    await expect(writeAll(fh, bufs([4000]))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(Buffer.concat(fh.out).length).toBe(2500);
  });

  it('takes more buffers than one writev call does', async () => {
    const input = bufs(Array.from({ length: 1300 }, (_, i) => 1 + (i % 7)));
    const fh = shortWriter(Infinity);
    await writeAll(fh, input);
    expect(Buffer.concat(fh.out)).toEqual(Buffer.concat(input));
    expect(fh.calls()).toBe(3);
  });

  it.skipIf(!canMountTmpfs())('on a disk that fills up: a raw writev is cut short silently, writeAll throws', async () => {
    const disk = mountTmpfs(256);
    try {
      // nearly full: 200 KiB taken
      const filler = openSync(join(disk.dir, 'filler'), 'w');
      writeSync(filler, Buffer.alloc(200 * 1024, 9));
      closeSync(filler);
      const raw = await open(join(disk.dir, 'raw'), 'w');
      const { bytesWritten } = await raw.writev(bufs([40 * 1024, 40 * 1024]));
      await raw.close();
      expect(bytesWritten).toBeGreaterThan(0);
      expect(bytesWritten).toBeLessThan(80 * 1024); // what writeAll is for: no error, less written
      const file = join(disk.dir, 'all');
      const fh = await open(file, 'w');
      await expect(writeAll(fh, bufs([40 * 1024]))).rejects.toMatchObject({ code: 'ENOSPC' });
      await fh.close();
      expect(statSync(file).size).toBeLessThan(40 * 1024);
      expect(readFileSync(file).every((b) => b === 1)).toBe(true);
    } finally {
      disk.remove();
    }
  });
});
