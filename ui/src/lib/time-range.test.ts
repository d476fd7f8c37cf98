import { describe, expect, it } from 'vitest';
import { liveMs, refreshMs, resolveRange, timeOnly, validateTimeSearch } from './time-range';

describe('time range in the URL', () => {
  it('defaults to live 1 h; bounds end now', () => {
    const r = resolveRange(validateTimeSearch({}));
    expect(r.live).toBe('1h');
    expect(r.bounds(10_000_000)).toEqual({ from: 10_000_000 - 3_600_000, to: 10_000_000 });
    expect(r.key).toBe('live:1h');
  });
  it('accepts from/to as ms or ISO and keeps them fixed', () => {
    const s = validateTimeSearch({ from: '1700000000000', to: '2023-11-14T23:00:00Z' });
    const r = resolveRange(s);
    expect(r.live).toBeNull();
    expect(r.bounds()).toEqual({ from: 1_700_000_000_000, to: Date.parse('2023-11-14T23:00:00Z') });
    expect(refreshMs(r)).toBe(false);
  });
  it('drops invalid or inverted ranges and unknown live windows', () => {
    expect(validateTimeSearch({ from: 5, to: 4 })).toEqual({});
    expect(validateTimeSearch({ live: 'soon' })).toEqual({});
    expect(validateTimeSearch({ live: '30s' })).toEqual({ live: '30s' });
    expect(liveMs('40d')).toBeNull();
  });
  it('live wins over from/to, and links keep only the time params', () => {
    expect(validateTimeSearch({ live: '5m', from: 1, to: 2 })).toEqual({ live: '5m' });
    expect(timeOnly({ live: '24h' })).toEqual({ live: '24h' });
    expect(timeOnly({ from: 1, to: 2 })).toEqual({ from: 1, to: 2 });
  });
  it('refreshes every second for short live windows, less often for long ones', () => {
    expect(refreshMs(resolveRange({ live: '5m' }))).toBe(1000);
    expect(refreshMs(resolveRange({ live: '24h' }))).toBe(10_000);
    expect(refreshMs(resolveRange({ live: '7d' }))).toBe(60_000);
    expect(refreshMs(resolveRange({ live: '5m' }), 'list')).toBe(5000);
  });
});
