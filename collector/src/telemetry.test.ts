import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../testing/index.js';
import { residentKinds } from './telemetry.js';

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
});
afterAll(() => c?.destroy());

it('counts ingest requests by route and status, successes and errors alike, on GET /metrics', async () => {
  const auth = { authorization: `Bearer ${c.ingestKey}` };
  const ok = await fetch(`${c.ingestUrl}/v1/traces`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(ok.status).toBe(200);
  const unsupported = await fetch(`${c.ingestUrl}/v1/traces`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/plain' },
    body: 'x',
  });
  expect(unsupported.status).toBe(415);
  const noKey = await fetch(`${c.ingestUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(noKey.status).toBe(401);
  await fetch(`${c.ingestUrl}/no/such/${Math.random()}`);
  const text = await (await fetch(`${c.ingestUrl}/metrics`)).text();
  const count = (labels: string) => Number(new RegExp(`^argus_requests_total\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  expect(count('route="/v1/traces",status="200"')).toBe(1);
  expect(count('route="/v1/traces",status="415"')).toBe(1);
  expect(count('route="/v1/traces",status="401"')).toBe(1);
  expect(count('route="unmatched",status="404"')).toBe(1);
});

it('splits resident memory into anonymous and file-backed pages (Linux), adding up to the resident total', () => {
  const kinds = residentKinds();
  expect(kinds).toBeDefined();
  const rss = process.memoryUsage.rss();
  // RSS = anon + file + shared memory (none here); both read at nearly the same moment
  expect((kinds!.anon + kinds!.file) / rss).toBeGreaterThan(0.9);
  expect((kinds!.anon + kinds!.file) / rss).toBeLessThan(1.1);
  expect(kinds!.file).toBeGreaterThan(0);
});
