import { describe, expect, it } from 'vitest';
import { normalizeOrigin, originAllowed } from './origins.js';

describe('allowed origins', () => {
  it('normalizes and rejects what is not an origin', () => {
    expect(normalizeOrigin(' HTTPS://Shop.Example.com/ ')).toBe('https://shop.example.com');
    expect(normalizeOrigin('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(normalizeOrigin('*')).toBe('*');
    expect(() => normalizeOrigin('shop.example.com')).toThrow(/not an origin/);
    expect(() => normalizeOrigin('https://shop.example.com/path')).toThrow(/not an origin/);
  });

  it('matches exact origins, subdomain wildcards and *', () => {
    const allowed = ['https://shop.example.com', 'https://*.example.org'];
    expect(originAllowed(allowed, 'https://shop.example.com')).toBe(true);
    expect(originAllowed(allowed, 'http://shop.example.com')).toBe(false);
    expect(originAllowed(allowed, 'https://a.b.example.org')).toBe(true);
    expect(originAllowed(allowed, 'https://example.org')).toBe(false);
    expect(originAllowed(allowed, 'https://evilexample.org')).toBe(false);
    expect(originAllowed(allowed, 'https://shop.example.com.evil.net')).toBe(false);
    expect(originAllowed(['*'], 'https://anything.net')).toBe(true);
  });
});
