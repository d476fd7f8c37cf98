import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

/** A session ends after ARGUS_SESSION_IDLE_MINUTES without a request (6 s here), and stays ended. */
const PASSWORD = 'idle expiry password 1';
let c: TestCollector;

beforeAll(async () => {
  c = await startTestCollector({}, { authenticateFetch: false, accounts: { adminPassword: PASSWORD, sessionIdleMinutes: 0.1 } });
}, 180_000);
afterAll(async () => {
  await c?.destroy();
});

it('a session ends after the idle timeout', async () => {
  const res = await fetch(`${c.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@argus.local', password: PASSWORD }),
  });
  const cookie = res.headers.getSetCookie()[0].split(';')[0];
  const get = () => fetch(`${c.apiUrl}/api/v1/auth/session`, { headers: { cookie } }).then((r) => r.status);
  expect(await get()).toBe(200);
  await new Promise((r) => setTimeout(r, 6500));
  expect(await get()).toBe(401);
  expect(await get()).toBe(401);
});
