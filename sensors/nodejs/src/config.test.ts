import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { findAppPackage, resolveServiceName } from './service-name.js';

const dir = mkdtempSync(join(tmpdir(), 'argus-svc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('service name', () => {
  it('walks up from the entry script to the first named package.json', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'billing', version: '3.1.0' }));
    mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
    writeFileSync(join(dir, 'src', 'package.json'), JSON.stringify({ type: 'module' }));
    expect(findAppPackage(join(dir, 'src', 'lib', 'main.js'))).toEqual({ name: 'billing', version: '3.1.0' });
  });
  it('prefers ARGUS_SERVICE_NAME, then OTEL_SERVICE_NAME, then the package name', () => {
    const pkg = { name: 'billing' };
    expect(resolveServiceName({ ARGUS_SERVICE_NAME: 'a', OTEL_SERVICE_NAME: 'b' }, pkg)).toBe('a');
    expect(resolveServiceName({ OTEL_SERVICE_NAME: 'b' }, pkg)).toBe('b');
    expect(resolveServiceName({}, pkg)).toBe('billing');
  });
});

describe('loadConfig', () => {
  it('defaults to the local agent on 127.0.0.1:42699 with 1 s / 2000 span batches, 4 exports in flight, 20000 spans held', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      endpoint: 'http://127.0.0.1:42699',
      direct: false,
      headers: {},
      flushMs: 1000,
      maxBatch: 2000,
      maxQueue: 20_000,
      maxExports: 4,
      enabled: true,
    });
  });
  it('honours agent host/port overrides and ARGUS_ENDPOINT + ARGUS_KEY', () => {
    expect(loadConfig({ ARGUS_AGENT_HOST: '10.0.0.5', ARGUS_AGENT_PORT: '5000' }).endpoint).toBe('http://10.0.0.5:5000');
    const direct = loadConfig({ ARGUS_ENDPOINT: 'https://argus.example.com/', ARGUS_KEY: 'k1' });
    expect(direct).toMatchObject({
      endpoint: 'https://argus.example.com',
      direct: true,
      headers: { Authorization: 'Bearer k1' },
      compression: 'gzip',
    });
    expect(loadConfig({}).compression).toBe('none');
    expect(loadConfig({ ARGUS_ENDPOINT: 'http://127.0.0.1:4318', ARGUS_KEY: 'k', ARGUS_COMPRESSION: 'gzip' }).compression).toBe('gzip');
    expect(loadConfig({ ARGUS_TRACING: 'off' }).enabled).toBe(false);
  });
  it('rejects bad values with one readable message', () => {
    expect(() => loadConfig({ ARGUS_AGENT_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ ARGUS_AGENT_PORT: 'abc' })).toThrow(/ARGUS_AGENT_PORT/);
    expect(() => loadConfig({ ARGUS_ENDPOINT: 'https://x.example' })).toThrow(/ARGUS_KEY/);
  });
});
