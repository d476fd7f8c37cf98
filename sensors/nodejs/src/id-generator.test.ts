import { describe, expect, it } from 'vitest';
import { createIdGenerator } from './id-generator.js';

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
});
