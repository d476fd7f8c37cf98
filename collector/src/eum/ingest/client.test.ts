import { describe, expect, it } from 'vitest';
import { anonymizeIp, createUaParser } from './client.js';
import { createRateLimiter } from './rate-limit.js';

describe('anonymizeIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['::ffff:198.51.100.9', '198.51.100.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:db8::1', '2001:db8:0::'],
    ['::1', '0:0:0::'],
    ['fe80::1:2:3:4', 'fe80:0:0::'],
    ['not an ip', ''],
    ['', ''],
  ])('%s -> %s', (ip, expected) => expect(anonymizeIp(ip)).toBe(expected));
});

describe('createUaParser', () => {
  it('maps browser, OS and device type, desktop when the parser finds no device', () => {
    const parse = createUaParser();
    expect(
      parse('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'),
    ).toEqual({
      browser: 'Chrome',
      browserVersion: '126',
      os: 'Windows',
      osVersion: '10',
      device: 'desktop',
    });
    expect(
      parse('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36'),
    ).toMatchObject({
      browser: 'Mobile Chrome',
      os: 'Android',
      device: 'mobile',
    });
    expect(parse('')).toMatchObject({ browser: 'unknown', os: 'unknown', device: 'unknown' });
  });
});

describe('createRateLimiter', () => {
  it('allows a burst, then asks to retry, then refills', () => {
    const rl = createRateLimiter(2, 2); // burst of 4
    const t = 1_000_000;
    expect([1, 2, 3, 4].map(() => rl.take('a', t))).toEqual([0, 0, 0, 0]);
    expect(rl.take('a', t)).toBeGreaterThanOrEqual(1);
    expect(rl.take('b', t)).toBe(0); // keys are independent
    expect(rl.take('a', t + 1000)).toBe(0); // 2 tokens back after a second
  });
});
