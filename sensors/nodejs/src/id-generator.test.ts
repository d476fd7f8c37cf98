import { describe, expect, it, vi } from 'vitest';
import { createIdGenerator } from './id-generator.js';

// lets a test make the next pool refill start with 16 zero bytes
const zero = vi.hoisted(() => ({ next: false }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    randomFillSync: <T extends NodeJS.ArrayBufferView>(buf: T): T => {
      real.randomFillSync(buf);
      if (zero.next && buf instanceof Uint8Array) {
        buf.fill(0, 0, 16);
        zero.next = false;
      }
      return buf;
    },
  };
});

describe('id generator', () => {
  it('returns distinct lower-case hex ids of W3C length across pool refills', () => {
    const ids = createIdGenerator(64);
    const traces = new Set<string>();
    const spans = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      traces.add(ids.generateTraceId());
      spans.add(ids.generateSpanId());
    }
    expect(traces.size).toBe(1000);
    expect(spans.size).toBe(1000);
    for (const t of traces) expect(t).toMatch(/^[0-9a-f]{32}$/);
    for (const s of spans) expect(s).toMatch(/^[0-9a-f]{16}$/);
    expect([...traces].some((t) => /^0{32}$/.test(t))).toBe(false);
  });

  it('never returns an all-zero id: its last byte becomes 01', () => {
    const ids = createIdGenerator(24);
    zero.next = true;
    expect(ids.generateTraceId()).toBe(`${'0'.repeat(30)}01`);
    expect(ids.generateSpanId()).toMatch(/^[0-9a-f]{16}$/);
  });
});
