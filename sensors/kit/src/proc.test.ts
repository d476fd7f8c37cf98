import { closeSync, openSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countFds } from './proc.js';

describe('countFds', () => {
  it('counts the open descriptors of a live process and follows opens and closes', () => {
    const before = countFds('/proc', process.pid);
    // the listing itself holds one extra fd while it runs
    expect(Math.abs(before - (readdirSync(`/proc/${process.pid}/fd`).length - 1))).toBeLessThanOrEqual(1);
    const fds = Array.from({ length: 5 }, () => openSync('/proc/self/stat', 'r'));
    try {
      expect(countFds('/proc', process.pid)).toBe(before + 5);
    } finally {
      for (const fd of fds) closeSync(fd);
    }
    expect(countFds('/proc', process.pid)).toBe(before);
  });

  it('is 0 for a process that does not exist', () => {
    expect(countFds('/proc', 999_999_999)).toBe(0);
  });
});
