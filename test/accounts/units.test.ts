import { describe, expect, it } from 'vitest';
import { createLoginLimiter } from '../../collector/src/accounts/login-limiter.js';
import { allows } from '../../collector/src/accounts/roles.js';
import { routePermission } from '../../collector/src/accounts/route-permissions.js';
import { displayPrefix, hashSecret, newSecret } from '../../collector/src/tenants/secrets.js';

describe('login limiter', () => {
  it('lets the free attempts through, then doubles the wait per failure, per account and per IP', () => {
    const l = createLoginLimiter({ freePerAccount: 3, freePerIp: 5 });
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(l.wait('a@x', '1.1.1.1', t)).toBe(0);
      l.failed('a@x', '1.1.1.1', t);
    }
    expect(l.wait('a@x', '1.1.1.1', t)).toBe(1000);
    expect(l.wait('a@x', '2.2.2.2', t + 500)).toBe(500); // the account is limited from any IP
    l.failed('a@x', '1.1.1.1', t + 1000);
    expect(l.wait('a@x', '1.1.1.1', t + 1000)).toBe(2000);
    expect(l.wait('b@x', '1.1.1.1', t + 1000)).toBe(0); // 4 failures from this IP: still free
    l.failed('b@x', '1.1.1.1', t + 1000);
    expect(l.wait('c@x', '1.1.1.1', t + 1000)).toBe(1000); // 5 from the IP: the IP waits, whatever the account
    l.succeeded('a@x');
    expect(l.wait('a@x', '3.3.3.3', t + 1000)).toBe(0);
  });

  it('caps the wait at 15 minutes and forgets after an hour without failures', () => {
    const l = createLoginLimiter({ freePerAccount: 1, freePerIp: 1000 });
    for (let i = 0; i < 40; i++) l.failed('a@x', 'ip', 0);
    expect(l.wait('a@x', 'ip', 0)).toBe(15 * 60_000);
    expect(l.wait('a@x', 'ip', 61 * 60_000)).toBe(0);
  });
});

describe('route permissions', () => {
  it('reads need a viewer, listed writes their permission, unlisted writes are unmapped', () => {
    expect(routePermission('GET', '/services/:name')).toBe('read');
    expect(routePermission('POST', '/websites')).toBe('websites:write');
    expect(routePermission('DELETE', '/websites/:id')).toBe('websites:write');
    expect(routePermission('GET', '/storage/columns')).toBe('instance:admin');
    expect(routePermission('POST', '/tenants/:tenant/ingest-keys')).toBe('keys:manage');
    expect(routePermission('POST', '/auth/login')).toBe('public');
    expect(routePermission('PUT', '/something-new')).toBe('unmapped');
  });

  it('roles include the ones below them; instance admins may do anything', () => {
    expect(allows('read', 'viewer', false)).toBe(true);
    expect(allows('websites:write', 'viewer', false)).toBe(false);
    expect(allows('websites:write', 'editor', false)).toBe(true);
    expect(allows('keys:manage', 'editor', false)).toBe(false);
    expect(allows('keys:manage', 'admin', false)).toBe(true);
    expect(allows('tenant:manage', 'admin', false)).toBe(false);
    expect(allows('tenant:manage', 'owner', false)).toBe(true);
    expect(allows('instance:admin', 'owner', false)).toBe(false);
    expect(allows('instance:admin', undefined, true)).toBe(true);
  });
});

describe('secrets', () => {
  it('are random, stored as SHA-256 and shown by a short prefix only', () => {
    const a = newSecret('ak_');
    expect(a).toMatch(/^ak_[\w-]{32}$/);
    expect(newSecret('ak_')).not.toBe(a);
    expect(hashSecret(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(displayPrefix(a)).toBe(`${a.slice(0, 7)}…`);
  });
});
