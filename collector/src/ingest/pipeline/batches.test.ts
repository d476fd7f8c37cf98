import { describe, expect, it } from 'vitest';
import { sealIn, type SealRule } from './batches.js';

const logged: SealRule = { flushMs: 500, minRows: 5000, maxBytes: 64 << 20, logged: true };
const stored: SealRule = { ...logged, logged: false };
const at = (rows: number, ageMs: number, more: Partial<Parameters<typeof sealIn>[0]> = {}) => ({
  rows,
  bytes: rows * 100,
  ageMs,
  quiet: true,
  stopping: false,
  ...more,
});

describe('when an ingest batch is closed', () => {
  it('a small batch waits ARGUS_BATCH_FLUSH_MS from its first row, with the log or without', () => {
    for (const rule of [logged, stored]) {
      expect(sealIn(at(10, 0), rule)).toBe(500);
      expect(sealIn(at(10, 320), rule)).toBe(180);
      expect(sealIn(at(4999, 500), rule)).toBe(0);
      expect(sealIn(at(1, 900), rule)).toBe(0);
    }
  });

  it('with the log, a batch of ARGUS_BATCH_MIN_ROWS waits twice as long (a busy collector inserts fewer, larger batches)', () => {
    expect(sealIn(at(5000, 0), logged)).toBe(1000);
    expect(sealIn(at(12_000, 500), logged)).toBe(500);
    expect(sealIn(at(12_000, 999), logged)).toBe(1);
    expect(sealIn(at(12_000, 1000), logged)).toBe(0);
  });

  it('without the log (answers wait for the insert), a batch goes at once at ARGUS_BATCH_MIN_ROWS', () => {
    expect(sealIn(at(5000, 0), stored)).toBe(0);
    expect(sealIn(at(4999, 0), stored)).toBe(500);
  });

  it('while an insert runs, the batch grows until it is done, unless it reaches ARGUS_INGEST_BATCH_MAX_BYTES', () => {
    for (const rule of [logged, stored]) {
      expect(sealIn(at(100_000, 5000, { quiet: false }), rule)).toBeUndefined();
      expect(sealIn(at(1, 0, { quiet: false, bytes: 64 << 20 }), rule)).toBe(0);
      expect(sealIn(at(1, 0, { bytes: 64 << 20 }), rule)).toBe(0);
    }
  });

  it('when stopping, at once', () => {
    expect(sealIn(at(1, 0, { stopping: true }), logged)).toBe(0);
    expect(sealIn(at(1, 0, { stopping: true, quiet: false }), stored)).toBe(0);
  });
});
