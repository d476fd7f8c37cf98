import { describe, expect, it } from 'vitest';
import { regexSetting } from './config-schemas.js';

describe('regexSetting', () => {
  const s = regexSetting('include', '^nginx$');
  it('defaults when unset and keeps a pattern that compiles', () => {
    expect(s.parse(undefined)).toBe('^nginx$');
    expect(s.parse('^(redis|postgres)')).toBe('^(redis|postgres)');
  });
  it('rejects a pattern that does not compile, naming the setting', () => {
    const r = s.safeParse('(unclosed');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('include must be a valid regular expression');
  });
});
