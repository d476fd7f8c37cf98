import { describe, expect, it } from 'vitest';
import { redactAttributes, redactUrl, stripSqlLiterals } from './redaction.js';

describe('redactUrl', () => {
  it('redacts values of sensitive query parameters and keeps the rest', () => {
    expect(redactUrl('http://h/p?token=abc&page=2')).toBe('http://h/p?token=REDACTED&page=2');
    expect(redactUrl('/p?api_key=1&X-Auth-Header=2&password=3&client_secret=4&q=ok#frag')).toBe(
      '/p?api_key=REDACTED&X-Auth-Header=REDACTED&password=REDACTED&client_secret=REDACTED&q=ok#frag',
    );
    expect(redactUrl('token=abc&page=2')).toBe('token=REDACTED&page=2');
    expect(redactUrl('http://h/p?Access%5FToken=x')).toBe('http://h/p?Access%5FToken=REDACTED');
  });
  it('redacts URL credentials and leaves clean URLs untouched', () => {
    expect(redactUrl('https://user:pw@h/p')).toBe('https://REDACTED:REDACTED@h/p');
    const clean = 'http://h/p?page=2&sort=name';
    expect(redactUrl(clean)).toBe(clean);
    expect(redactUrl('/just/a/path')).toBe('/just/a/path');
  });
});

describe('stripSqlLiterals', () => {
  it('replaces string and number literals but keeps placeholders and identifiers', () => {
    expect(stripSqlLiterals("SELECT * FROM t1 WHERE id = $1 AND name = 'o''brien' AND n > 42 AND x = 1.5")).toBe(
      'SELECT * FROM t1 WHERE id = $1 AND name = ? AND n > ? AND x = ?',
    );
  });
});

describe('redactAttributes', () => {
  it('redacts URL attributes, SQL statements and captured credential headers in place', () => {
    const attrs: Record<string, unknown> = {
      'url.full': 'http://h/a?token=abc',
      'http.target': '/a?secret=s&x=1',
      'url.query': 'auth=z',
      'db.system': 'postgresql',
      'db.statement': "SELECT 1 FROM t WHERE a = 'x'",
      'http.request.header.authorization': ['Bearer abc'],
      'http.request.header.x_api_key': ['k'],
      'http.request.header.accept': ['text/html'],
    };
    redactAttributes(attrs, true);
    expect(attrs).toEqual({
      'url.full': 'http://h/a?token=REDACTED',
      'http.target': '/a?secret=REDACTED&x=1',
      'url.query': 'auth=REDACTED',
      'db.system': 'postgresql',
      'db.statement': 'SELECT ? FROM t WHERE a = ?',
      'http.request.header.authorization': ['REDACTED'],
      'http.request.header.x_api_key': ['REDACTED'],
      'http.request.header.accept': ['text/html'],
    });
  });
  it('does not touch redis statements or non-URL attributes', () => {
    const attrs = { 'db.system': 'redis', 'db.statement': 'get', 'http.route': '/a/:token' };
    redactAttributes(attrs, false);
    expect(attrs).toEqual({ 'db.system': 'redis', 'db.statement': 'get', 'http.route': '/a/:token' });
  });
});
