// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { takeEarly } from './early-data';

const w = window as unknown as { __argusEarly?: unknown };
const early = (key: string, at: number) => (w.__argusEarly = { path: '/dependency-map', key, at, answer: Promise.resolve({ nodes: [] }) });

afterEach(() => delete w.__argusEarly);

describe('takeEarly', () => {
  it('hands the answer index.html asked for to the first read of the same path and range, once', async () => {
    early('live:1h', 1000);
    expect(await takeEarly('/dependency-map', 'live:1h', 2000)).toEqual({ nodes: [] });
    expect(takeEarly('/dependency-map', 'live:1h', 2000)).toBeNull();
  });

  it('not for another range or path, and not when stale', () => {
    early('live:1h', 1000);
    expect(takeEarly('/dependency-map', 'live:5m', 2000)).toBeNull();
    expect(takeEarly('/services', 'live:1h', 2000)).toBeNull();
    expect(w.__argusEarly).toBeDefined();
    expect(takeEarly('/dependency-map', 'live:1h', 1000 + 60_000)).toBeNull();
    expect(w.__argusEarly).toBeUndefined();
    expect(takeEarly('/dependency-map', 'live:1h', 2000)).toBeNull();
  });
});
