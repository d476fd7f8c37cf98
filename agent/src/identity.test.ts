import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectIdentity, readEc2Identity, readMachineId } from './identity.js';

/** EC2 instance metadata cannot be reached from here: a local fake that enforces the IMDSv2 token protocol. */
function fakeImds(): Promise<{ url: string; server: Server; seen: string[] }> {
  const TOKEN = 'tok-123';
  const META: Record<string, string> = {
    'instance-id': 'i-0abc123def4567890',
    'instance-type': 'm6i.large',
    'placement/availability-zone': 'eu-west-1b',
    'placement/region': 'eu-west-1',
  };
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
    if (req.method === 'PUT' && req.url === '/latest/api/token') {
      if (!req.headers['x-aws-ec2-metadata-token-ttl-seconds']) return res.writeHead(400).end();
      return res.writeHead(200).end(TOKEN);
    }
    if (req.headers['x-aws-ec2-metadata-token'] !== TOKEN) return res.writeHead(401).end();
    const key = (req.url ?? '').replace('/latest/meta-data/', '');
    if (req.method === 'GET' && META[key]) return res.writeHead(200).end(META[key]);
    res.writeHead(404).end();
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen })),
  );
}

describe('host identity', () => {
  let imds: Awaited<ReturnType<typeof fakeImds>>;
  let root: string;
  beforeAll(async () => {
    imds = await fakeImds();
    root = mkdtempSync(join(tmpdir(), 'argus-root-'));
    mkdirSync(join(root, 'var/lib/dbus'), { recursive: true });
    writeFileSync(join(root, 'var/lib/dbus/machine-id'), 'ABCDEF0123456789abcdef0123456789\n');
  });
  afterAll(() => {
    imds.server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('reads EC2 facts through IMDSv2 (token first, then token-authenticated GETs)', async () => {
    const ec2 = await readEc2Identity(imds.url, 2000);
    expect(ec2).toEqual({
      instanceId: 'i-0abc123def4567890',
      instanceType: 'm6i.large',
      availabilityZone: 'eu-west-1b',
      region: 'eu-west-1',
    });
    expect(imds.seen[0]).toBe('PUT /latest/api/token');
  });

  it('is silent and quick when IMDS is absent', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    closed.close();
    expect(await readEc2Identity(url, 300)).toBeUndefined();
    // a black-holed address: the timeout ends it
    expect(await readEc2Identity('http://10.255.255.1', 200)).toBeUndefined();
  });

  it('falls back to /var/lib/dbus/machine-id and builds the host entity id', async () => {
    expect(readMachineId(root)).toBe('abcdef0123456789abcdef0123456789');
    const id = await detectIdentity({
      hostRoot: root,
      env: { ARGUS_K8S_NODE_NAME: 'node-a' },
      log: pino({ level: 'silent' }),
      imds: { enabled: true, baseUrl: imds.url, timeoutMs: 2000 },
    });
    expect(id.hostEntityId).toBe('host:abcdef0123456789abcdef0123456789');
    expect(id.k8sNodeName).toBe('node-a');
    expect(id.ec2?.instanceId).toBe('i-0abc123def4567890');
  });

  it("reads this machine's real machine-id", () => {
    expect(readMachineId('/')).toMatch(/^[0-9a-f]{32}$/);
  });
});
