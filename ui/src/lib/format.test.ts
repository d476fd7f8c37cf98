import { describe, expect, it } from 'vitest';
import {
  formatAttributeValue,
  formatBytes,
  formatCount,
  formatDuration,
  formatPercent,
  formatRange,
  formatRate,
  formatTime,
  formatTimeMs,
} from './format';

describe('formatDuration (always with a unit)', () => {
  it.each([
    [0, '0 ms'],
    [0.0004, '400 ns'],
    [0.25, '250 µs'],
    [1, '1 ms'],
    [12.345, '12.3 ms'],
    [999.4, '999 ms'],
    [1240, '1.24 s'],
    [59_999, '60 s'],
    [185_000, '3m 05s'],
    [7_800_000, '2h 10m'],
    [-5, '-5 ms'],
  ])('%s ms -> %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
  it('missing values are a dash, not 0', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(Number.NaN)).toBe('–');
  });
});

describe('formatRate', () => {
  it.each([
    [0, '0/s'],
    [12.44, '12.4/s'],
    [1500, '1500/s'],
    [25_000, '25k/s'],
    [0.5, '0.5/s'],
    [0.05, '3/min'],
    [0.00028, '0.017/min'],
  ])('%s/s -> %s', (v, text) => expect(formatRate(v)).toBe(text));
});

describe('formatPercent', () => {
  it.each([
    [0, '0 %'],
    [0.0512, '5.12 %'],
    [0.123, '12.3 %'],
    [1, '100 %'],
    [0.00001, '<0.01 %'],
    [0.99999, '>99.99 %'],
  ])('%s -> %s', (v, text) => expect(formatPercent(v)).toBe(text));
});

describe('counts and bytes', () => {
  it('groups thousands or compacts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect([0, 7, 999, 1000, 12345.6, -1234, -999, 1e15].map((n) => formatCount(n))).toEqual([
      '0',
      '7',
      '999',
      '1,000',
      '12,346',
      '-1,234',
      '-999',
      '1,000,000,000,000,000',
    ]);
    expect(formatCount(1234567, true)).toBe('1.23M');
    expect(formatBytes(250_000)).toBe('250 KB');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
  });
});

describe('formatAttributeValue', () => {
  it('shows strings as they are, scalars as text, arrays and objects as JSON, absent as empty', () => {
    expect(formatAttributeValue('GET /x')).toBe('GET /x');
    expect(formatAttributeValue(404)).toBe('404');
    expect(formatAttributeValue(false)).toBe('false');
    expect(formatAttributeValue(['a', 1])).toBe('["a",1]');
    expect(formatAttributeValue({ k: 'v' })).toBe('{"k":"v"}');
    expect(formatAttributeValue(undefined)).toBe('');
    expect(formatAttributeValue(null)).toBe('');
  });
});

describe('times', () => {
  it('24-hour local time, with the date when not the same day; milliseconds for spans', () => {
    const t = new Date(2026, 11, 5, 9, 3, 7, 45).getTime();
    expect(formatTime(t, t)).toBe('09:03:07');
    expect(formatTime(t, t, false)).toBe('09:03');
    expect(formatTime(t, new Date(2026, 11, 6, 1).getTime())).toBe('Dec 5, 09:03:07');
    expect(formatTimeMs(t)).toBe('09:03:07.045');
    expect(formatRange(t, t + 3_600_000)).toBe('09:03 – 10:03');
    // the same as the browser's en-GB time and en-US date, which it replaces
    expect(formatTime(t, t)).toBe(new Date(t).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  });
});
