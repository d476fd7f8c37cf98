import { fakeProcess } from '@argus/sensor-kit/conformance';
import { describe, expect, it } from 'vitest';
import { detectRedis } from './detect.js';
import { parseInfo, parseKv } from './info.js';

const server = fakeProcess({
  name: 'redis-server',
  exe: '/usr/bin/redis-check-rdb',
  cmdline: ['redis-server 127.0.0.1:6380'],
  listenPorts: [6380, 16380],
});

describe('redis detection and INFO parsing', () => {
  it('takes the port from the title (not the cluster bus port), else from the sockets', () => {
    expect(detectRedis(server)).toMatchObject({ port: 6380 });
    expect(detectRedis({ ...server, cmdline: ['/usr/bin/redis-server'], listenPorts: [7000, 17000] })).toMatchObject({ port: 7000 });
    expect(detectRedis({ ...server, cmdline: ['redis-server *:0'], listenPorts: [] })).toBeNull();
  });
  it('skips sentinel', () => {
    expect(detectRedis({ ...server, name: 'redis-sentinel', cmdline: ['redis-server *:26379 [sentinel]'] })).toBeNull();
  });
  it('parses INFO sections and keyspace lines', () => {
    const info = parseInfo('# Server\r\nredis_version:7.0.15\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=0\r\n');
    expect(info.get('redis_version')).toBe('7.0.15');
    expect(parseKv(info.get('db0')!)).toEqual({ keys: '3', expires: '1', avg_ttl: '0' });
  });
});
