/** POST /v1/agent/entities through the real collector: validation, snapshots, history, liveness, API. */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../../testing/index.js';

// a short grace so the test can watch an entity go offline; long enough for a slow insert on a busy machine
process.env.ARGUS_ENTITY_OFFLINE_AFTER_SECONDS = '5';
let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
});
afterAll(() => c?.destroy());

const HOST = 'host:m1';
const CONTAINER = `container:${'a'.repeat(64)}`;
const PROC = 'process:m1:4242:1764000000000';
const snapshots = (memory = 8_000_000_000) => [
  {
    id: HOST,
    type: 'host',
    name: 'web-1',
    attributes: { 'host.name': 'web-1', 'os.type': 'linux', 'host.memory.total': memory, 'cloud.region': 'eu-west-1' },
  },
  {
    id: CONTAINER,
    type: 'container',
    name: 'aaaaaaaaaaaa',
    parentId: HOST,
    attributes: { 'container.runtime': 'containerd', 'k8s.pod.uid': 'pod-1' },
  },
  {
    id: PROC,
    type: 'process',
    name: 'redis-server',
    parentId: CONTAINER,
    attributes: { 'process.pid': 4242, 'process.command_line': 'redis-server *:6379' },
  },
];
const report = (over: Record<string, unknown> = {}) => ({
  agentId: 'agent:m1',
  hostEntityId: HOST,
  time: Date.now(),
  snapshots: snapshots(),
  alive: [HOST, CONTAINER, PROC],
  gone: [],
  events: [],
  ...over,
});
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${c.ingestUrl}/v1/agent/entities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${c.ingestKey}`, ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body),
  });
const api = async (path: string) => {
  const res = await fetch(`${c.apiUrl}/api/v1${path}`);
  return { status: res.status, body: await res.json() };
};

describe('entity ingest', () => {
  it('rejects bad input with 4xx and a message', async () => {
    const noKey = await fetch(`${c.ingestUrl}/v1/agent/entities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noKey.status).toBe(401);
    const notJson = await post('{"agentId":');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).code).toBe('INVALID_JSON');
    const bad = await post(report({ snapshots: [{ id: '', type: 'Host!', name: 'x', attributes: { a: { nested: 1 } } }] }));
    expect(bad.status).toBe(400);
    const msg = (await bad.json()).message as string;
    expect(msg).toContain('snapshots.0.id');
    expect(msg).toContain('snapshots.0.type');
    const missing = await post({ hostEntityId: HOST, time: 1 });
    expect((await missing.json()).message).toContain('agentId');
    const big = await post('x'.repeat(9 * 1024 * 1024));
    expect(big.status).toBe(413);
    const text = await post('{}', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('refuses a report or event time outside the retention window or more than a day ahead with a clear message', async () => {
    const clock = { agentId: 'agent:clock', hostEntityId: 'host:clock', snapshots: [], alive: [] };
    for (const body of [
      report({ ...clock, time: 2 ** 53 - 1 }),
      report({ ...clock, time: 10_413_791_999_001 }),
      report({ ...clock, time: Date.now() + 2 * 86_400_000 }),
      report({ ...clock, time: 1 }),
      report({ ...clock, events: [{ severity: 'info', code: 'X', message: 'm', time: 2 ** 53 - 1 }] }),
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const err = (await res.json()) as { code: string; message: string };
      expect(err.code).toBe('INVALID_ENTITIES');
      expect(err.message).toMatch(/(events\.0\.)?time \d+ is not a time between .* and .*now \+ 1 day/);
    }
    const ok = await post(report({ ...clock, events: [{ severity: 'info', code: 'CLOCK_OK', message: 'm', time: Date.now() }] }));
    expect(ok.status).toBe(200);
  });

  it('stores snapshots (gzip accepted) and lists entities by type and search', async () => {
    const res = await post(gzipSync(JSON.stringify(report())), { 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 6 });
    const hosts = await api('/infrastructure/entities?type=host');
    expect(hosts.body.entities).toHaveLength(1);
    expect(hosts.body.entities[0]).toMatchObject({
      id: HOST,
      name: 'web-1',
      online: true,
      gone: false,
      attributes: { 'host.memory.total': 8_000_000_000 },
    });
    const search = await api('/infrastructure/entities?q=6379');
    expect(search.body.entities.map((e: { id: string }) => e.id)).toEqual([PROC]);
    const region = await api('/infrastructure/entities?q=EU-WEST');
    expect(region.body.entities.map((e: { id: string }) => e.id)).toEqual([HOST]);
    expect((await api('/infrastructure/entities?type=BAD!')).status).toBe(400);
  });

  it('returns an entity with its parent, children, events and change history (changes only when changed)', async () => {
    await post(report()); // unchanged: no new history row
    await post(
      report({
        snapshots: snapshots(16_000_000_000),
        events: [{ severity: 'warning', code: 'HOST_TEST', message: 'hello', time: Date.now() }],
      }),
    );
    const d = await api(`/infrastructure/entities/${encodeURIComponent(CONTAINER)}`);
    expect(d.status).toBe(200);
    expect(d.body.entity).toMatchObject({ id: CONTAINER, type: 'container', parentId: HOST, online: true });
    expect(d.body.parent).toMatchObject({ id: HOST });
    expect(d.body.children.map((e: { id: string }) => e.id)).toEqual([PROC]);
    const h = await api(`/infrastructure/entities/${HOST}`);
    expect(h.body.entity.attributes['host.memory.total']).toBe(16_000_000_000);
    expect(h.body.changes.map((x: { attributes: Record<string, unknown> }) => x.attributes['host.memory.total'])).toEqual([
      16_000_000_000, 8_000_000_000,
    ]);
    expect(h.body.children.map((e: { id: string }) => e.id)).toEqual([CONTAINER]);
    expect(h.body.events.map((e: { code: string }) => e.code).sort()).toEqual(['ENTITY_CHANGED', 'ENTITY_DISCOVERED', 'HOST_TEST']);
    expect((await api('/infrastructure/entities/host:nope')).status).toBe(404);
    const ev = await api(
      `/infrastructure/events?entity=${HOST}&from=${Date.now() - 60_000}&to=${new Date(Date.now() + 1000).toISOString()}`,
    );
    expect(ev.body.events.find((e: { code: string }) => e.code === 'HOST_TEST')).toMatchObject({
      severity: 'warning',
      message: 'hello',
      agentId: 'agent:m1',
    });
  });

  it('derives online/offline from heartbeats: gone is offline at once, silence after the grace period', async () => {
    await post(report({ snapshots: [], alive: [HOST, CONTAINER], gone: [PROC] }));
    const proc = await api(`/infrastructure/entities/${PROC}`);
    expect(proc.body.entity).toMatchObject({ online: false, gone: true });
    expect(proc.body.events.map((e: { code: string }) => e.code)).toContain('ENTITY_GONE');
    expect((await api(`/infrastructure/entities/${HOST}`)).body.entity.online).toBe(true);
    await new Promise((r) => setTimeout(r, 5300));
    const host = await api(`/infrastructure/entities/${HOST}`);
    expect(host.body.entity).toMatchObject({ online: false, gone: false });
    expect((await api('/infrastructure/entities?online=true')).body.entities).toEqual([]);
    expect((await api('/infrastructure/entities?online=false&type=host')).body.entities.map((e: { id: string }) => e.id)).toEqual([HOST]);
    await post(report({ snapshots: [], alive: [HOST] }));
    expect((await api(`/infrastructure/entities/${HOST}`)).body.entity.online).toBe(true);
  });

  it('rewrites an unchanged snapshot once a day (so the 30-day TTL keeps live entities) without a history row', async () => {
    // a day after the last report (the snapshot was last written then): the most a report may be ahead of the clock
    const later = Date.now() + 24 * 3_600_000;
    await post(report({ time: later, snapshots: snapshots(16_000_000_000), alive: [HOST] }));
    const h = await api(`/infrastructure/entities/${HOST}`);
    expect(h.body.entity.updatedAt).toBe(later);
    expect(h.body.changes).toHaveLength(2);
  });
});
