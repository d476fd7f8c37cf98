import { spawnSync } from 'node:child_process';
import { describeSensorConformance } from '@argus/sensor-kit/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet, metricValue, processInfo, startNginx, startSensor, type NginxServer } from '../../../test/servers/index.js';
import { parseStubStatus } from './status.js';
import { sensor } from './index.js';

describeSensorConformance(sensor, {
  target: async () => {
    const srv = await startNginx({ stubStatus: true });
    return { process: processInfo(srv.pid), cleanup: () => srv.stop() };
  },
});

const get = async (port: number, path: string) => (await httpGet(port, path)).body;

const targetOf = (srv: NginxServer) => sensor.detect(processInfo(srv.pid), {} as never);
const nginxVersion = () => /nginx\/(\S+)/.exec(spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr)?.[1];

describe('nginx sensor with stub_status (found in an included config file)', () => {
  let srv: NginxServer;
  beforeAll(async () => {
    srv = await startNginx({ stubStatus: true, statusPath: '/private/metrics', workers: 2 });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('requests agree with stub_status after K requests; snapshot facts', async () => {
    const target = targetOf(srv);
    expect(target).toMatchObject({ pid: srv.pid, port: srv.port, configArg: srv.configPath });
    const h = await startSensor(sensor, target);
    try {
      const first = await h.collect();
      expect(metricValue(first, 'nginx.stub_status_missing')).toBe(0);
      const before = metricValue(first, 'nginx.requests')!;
      const K = 40;
      for (let i = 0; i < K; i++) await get(srv.port, '/');
      const lo = parseStubStatus(await get(srv.port, '/private/metrics'))!;
      const r = await h.collect();
      const hi = parseStubStatus(await get(srv.port, '/private/metrics'))!;
      const requests = metricValue(r, 'nginx.requests')!;
      // K requests + the check above + the sensor's own poll
      expect(requests - before).toBeGreaterThanOrEqual(K + 1);
      expect(requests).toBeGreaterThan(lo.requests);
      expect(requests).toBeLessThan(hi.requests);
      // the sensor keeps its connection alive: no new accept for its poll
      expect(metricValue(r, 'nginx.connections.accepted')).toBeGreaterThanOrEqual(lo.accepts);
      expect(metricValue(r, 'nginx.connections.accepted')).toBeLessThan(hi.accepts);
      expect(metricValue(r, 'nginx.connections.active')).toBeGreaterThanOrEqual(1);
      expect(metricValue(r, 'nginx.requests.rate')).toBeGreaterThan(0);
      expect(h.events).toEqual([]);
      const snap = first.snapshots![0];
      expect(snap).toMatchObject({ id: `nginx:test-host:${srv.port}`, type: 'nginx' });
      expect(snap.attributes).toMatchObject({
        version: nginxVersion(),
        config_path: srv.configPath,
        config_files: 2,
        workers: 2,
        listening_ports: String(srv.port),
        stub_status_url: `http://127.0.0.1:${srv.port}/private/metrics`,
        stub_status_source: 'config',
      });
      expect(metricValue(first, 'nginx.workers')).toBe(2);
    } finally {
      await h.stop();
    }
  });
});

describe('nginx sensor without stub_status', () => {
  let srv: NginxServer;
  let withStatus: NginxServer;
  beforeAll(async () => {
    [srv, withStatus] = await Promise.all([startNginx({ stubStatus: false }), startNginx({ stubStatus: true, statusPath: '/elsewhere' })]);
  });
  afterAll(async () => {
    await srv?.stop();
    await withStatus?.stop();
  });

  it('emits ONE event with the two config lines, reports stub_status_missing = 1', async () => {
    const h = await startSensor(sensor, targetOf(srv));
    for (let i = 0; i < 3; i++) expect(metricValue(await h.collect(), 'nginx.stub_status_missing')).toBe(1);
    await h.stop();
    expect(h.events.map((e) => e.code)).toEqual(['NGINX_STUB_STATUS_MISSING']);
    expect(h.events[0].message).toContain('location = /nginx_status { stub_status;');
    expect(h.events[0].message).toContain('allow 127.0.0.1; deny all; }');
    expect(h.events[0].message).toContain(srv.configPath);
  });

  it('a statusUrl override in the sensor config wins', async () => {
    const url = `http://127.0.0.1:${withStatus.port}/elsewhere`;
    const h = await startSensor(sensor, targetOf(srv), { instances: { [String(srv.port)]: { statusUrl: url } } });
    const r = await h.collect();
    await h.stop();
    expect(metricValue(r, 'nginx.stub_status_missing')).toBe(0);
    expect(r.snapshots![0].attributes).toMatchObject({ stub_status_url: url, stub_status_source: 'override' });
  });
});
