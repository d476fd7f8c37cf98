import { describe, expect, it } from 'vitest';
import { within } from './abortable.js';
import { createCounterRates } from './counter-rates.js';

describe('counter rates', () => {
  it('rate over the measured interval; restart after a reset', () => {
    const r = createCounterRates();
    expect(r.rate('a', 100, 0)).toBeUndefined();
    expect(r.rate('a', 150, 500)).toBe(100);
    expect(r.rate('a', 10, 1500)).toBeUndefined(); // went backwards: server restarted
    expect(r.rate('a', 30, 2500)).toBe(20);
    expect(r.delta('b', 5)).toBeUndefined();
    expect(r.delta('b', 8)).toBe(3);
  });
});

describe('within', () => {
  it('returns the value when it settles in time, undefined otherwise, and never leaks a rejection', async () => {
    const ac = new AbortController();
    expect(await within(Promise.resolve(1), 100, ac.signal)).toBe(1);
    expect(await within(new Promise((r) => setTimeout(() => r(2), 200)), 20, ac.signal)).toBeUndefined();
    ac.abort();
    expect(await within(Promise.reject(new Error('x')), 100, ac.signal)).toBeUndefined();
    await expect(within(Promise.reject(new Error('boom')), 100, new AbortController().signal)).rejects.toThrow('boom');
  });
});
