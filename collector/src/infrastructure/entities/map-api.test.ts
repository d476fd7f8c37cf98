/** GET /api/v1/infrastructure/map: compact rows of every recently reported entity, with host zones and tags. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../../testing/index.js';

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
});
afterAll(() => c?.destroy());

const post = (body: unknown) =>
  fetch(`${c.ingestUrl}/v1/agent/entities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${c.ingestKey}` },
    body: JSON.stringify(body),
  });

interface Row {
  id: string;
  type: string;
  name: string;
  parentId: string | null;
  hostEntityId: string;
  online: boolean;
  gone: boolean;
  lastSeen: number;
  zone: string;
  tags: Record<string, string>;
}
const map = async (q = '') => {
  const res = await fetch(`${c.apiUrl}/api/v1/infrastructure/map${q}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { entities: Row[] }).entities;
};

describe('infrastructure map', () => {
  it('lists hosts with their zone and tags and their children compactly; gone entities are offline; bad params are 400', async () => {
    const host = (n: number, attributes: Record<string, unknown>) => ({ id: `host:m${n}`, type: 'host', name: `web-${n}`, attributes });
    const proc = (n: number, pid: number) => ({
      id: `process:m${n}:${pid}:1`,
      type: 'process',
      name: 'node',
      parentId: `host:m${n}`,
      attributes: { 'process.pid': pid, 'process.command_line': 'x'.repeat(2000) },
    });
    const r1 = await post({
      agentId: 'agent:m1',
      hostEntityId: 'host:m1',
      time: Date.now(),
      snapshots: [
        host(1, { 'argus.zone': 'eu-1', 'argus.tag.team': 'shop', 'argus.tag.env': 'prod', 'host.cpu.count': 4 }),
        proc(1, 10),
        proc(1, 11),
      ],
      alive: [],
      gone: [],
      events: [],
    });
    expect(r1.status).toBe(200);
    const r2 = await post({
      agentId: 'agent:m2',
      hostEntityId: 'host:m2',
      time: Date.now(),
      snapshots: [host(2, { 'cloud.availability_zone': 'us-east-1a' }), proc(2, 20)],
      alive: [],
      gone: ['process:m2:20:1'],
      events: [],
    });
    expect(r2.status).toBe(200);

    const rows = await map();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get('host:m1')).toMatchObject({
      type: 'host',
      name: 'web-1',
      zone: 'eu-1',
      tags: { team: 'shop', env: 'prod' },
      online: true,
      parentId: null,
    });
    expect(byId.get('host:m2')).toMatchObject({ zone: 'us-east-1a', tags: {} });
    expect(byId.get('process:m1:10:1')).toMatchObject({ parentId: 'host:m1', hostEntityId: 'host:m1', zone: '', tags: {}, online: true });
    expect(byId.get('process:m2:20:1')).toMatchObject({ gone: true, online: false });
    expect(rows).toHaveLength(5);
    // compact: no attributes (a process command line is not sent)
    expect(JSON.stringify(rows)).not.toContain('xxxx');

    // only entities reported since `since`
    expect(await map(`?since=${Date.now() + 60_000}`)).toEqual([]);
    expect(await map('?limit=2')).toHaveLength(2);
    const bad = await fetch(`${c.apiUrl}/api/v1/infrastructure/map?limit=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('INVALID_PARAM');
  });
});
