import { describe, expect, it } from 'vitest';
import { isSqlSystem, REDACTED_KEYS, redactUrl, redactValue, stripSqlLiterals } from './redaction.js';

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

describe('redactValue (what the span encoder stores)', () => {
  const redact = (key: string, value: unknown, sql = false, headers = false) =>
    redactValue(key, value, REDACTED_KEYS.get(key), sql, headers);
  it('redacts URL attributes, SQL statements of SQL systems and captured credential headers', () => {
    expect(redact('url.full', 'http://h/a?token=abc')).toBe('http://h/a?token=REDACTED');
    expect(redact('http.target', '/a?secret=s&x=1')).toBe('/a?secret=REDACTED&x=1');
    expect(redact('url.query', 'auth=z')).toBe('auth=REDACTED');
    expect(redact('db.statement', "SELECT 1 FROM t WHERE a = 'x'", true)).toBe('SELECT ? FROM t WHERE a = ?');
    expect(redact('db.query.text', "SELECT 'x'", true)).toBe('SELECT ?');
    expect(redact('http.request.header.authorization', ['Bearer abc'], false, true)).toEqual(['REDACTED']);
    expect(redact('http.response.header.set-cookie', ['a=b'], false, true)).toEqual(['REDACTED']);
    expect(redact('http.request.header.accept', ['text/html'], false, true)).toEqual(['text/html']);
  });
  it('does not touch statements of non-SQL systems or other attributes', () => {
    expect(redact('db.statement', 'get 42', false)).toBe('get 42');
    expect(redact('http.route', '/a/:token')).toBe('/a/:token');
    expect(redact('http.request.header.authorization', ['Bearer abc'], false, false)).toEqual(['Bearer abc']);
    expect(isSqlSystem('postgresql') && !isSqlSystem('redis')).toBe(true);
  });
});
