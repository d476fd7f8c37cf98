import { describe, expect, it } from 'vitest';
import { createStickySelection, topPids } from './rank.js';
import { createRestartDetector } from './restarts.js';
import { parseIo } from './proc-info.js';

describe('process ranking', () => {
  it('picks the top N by CPU (idle processes never) and by memory', () => {
    const rows = [
      { pid: 1, cpuDelta: 0, rssPages: 900 },
      { pid: 2, cpuDelta: 50, rssPages: 10 },
      { pid: 3, cpuDelta: 10, rssPages: 500 },
      { pid: 4, cpuDelta: 90, rssPages: 20 },
      { pid: 5, cpuDelta: 0, rssPages: 5 },
    ];
    expect(topPids(rows, 2)).toEqual({ byCpu: [4, 2], byMemory: [1, 3] });
    expect(topPids(rows, 0)).toEqual({ byCpu: [], byMemory: [] });
  });

  it('keeps a chosen pid for the sticky period, then lets it go', () => {
    const s = createStickySelection(60_000);
    s.choose([3, 1], 0);
    s.choose([2], 50_000);
    expect(s.current(59_000, () => true)).toEqual([1, 2, 3]);
    expect(s.current(70_000, () => true)).toEqual([2]);
    expect(s.current(70_000, (p) => p !== 2)).toEqual([]);
  });
});

describe('restart detection', () => {
  it('counts a command that comes back within the window, not after', () => {
    const d = createRestartDetector(300_000);
    expect(d.started('|/usr/bin/app|app\0--port=1', 0)).toBeUndefined();
    d.exited('|/usr/bin/app|app\0--port=1', 1000);
    expect(d.pending(2000)).toBe(1);
    expect(d.started('|/usr/bin/app|app\0--port=1', 2000)).toBe(1);
    d.exited('|/usr/bin/app|app\0--port=1', 3000);
    expect(d.started('|/usr/bin/app|app\0--port=1', 4000)).toBe(2);
    d.exited('|/usr/bin/app|app\0--port=1', 5000);
    expect(d.pending(400_000)).toBe(0);
    expect(d.started('|/usr/bin/app|app\0--port=1', 400_000)).toBeUndefined();
    expect(d.count('|/usr/bin/app|app\0--port=1')).toBe(2);
  });
});

describe('process parsers', () => {
  it('parses /proc/<pid>/io', () => {
    expect(parseIo('rchar: 4096\nwchar: 100\nsyscr: 3\nsyscw: 1\nread_bytes: 8192\nwrite_bytes: 0\ncancelled_write_bytes: 0\n')).toEqual({
      readBytes: 8192,
      writeBytes: 0,
      rchar: 4096,
      wchar: 100,
    });
    expect(parseIo(null)).toBeUndefined();
  });
});
