import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnySensor } from '@argus/sensor-kit';
import { loadAgentConfig } from './load.js';
import { watchConfig } from './watch.js';

const redisLike: AnySensor = {
  name: 'redis',
  version: '1.0.0',
  scope: 'process',
  configSchema: z.object({ password: z.string().optional(), timeoutMs: z.number().int().positive().default(500) }),
  detect: () => null,
  targetKey: () => 'x',
  create: () => ({ collect: () => Promise.resolve({ metrics: [] }), stop() {} }),
};
const sensors = [redisLike];

describe('agent config', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'argus-cfg-'));
    file = join(dir, 'agent.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fills defaults when no file exists at the default path', () => {
    const c = loadAgentConfig({ sensors, env: {}, path: undefined });
    expect(c.endpoint).toBe('http://127.0.0.1:4318');
    expect(c.spool.maxBytes).toBe(256 * 1024 * 1024);
    expect(c.intervals.collectMs).toBe(1000);
    expect(c.sensors.redis).toEqual({ enabled: true, config: { timeoutMs: 500 } });
  });

  it('reads YAML, lets ARGUS_* env vars win, parses tags and sizes', () => {
    writeFileSync(
      file,
      'endpoint: http://file:4318\nkey: from-file\nzone: eu-1\ntags: {team: core}\nspool: {maxBytes: 64MB}\nsensors:\n  redis: {enabled: false, timeoutMs: 900}\n',
    );
    const c = loadAgentConfig({
      path: file,
      sensors,
      env: { ARGUS_ENDPOINT: 'http://env:4318', ARGUS_TAGS: 'env=prod,tier=web', ARGUS_AGENT_PORT: '42000' },
    });
    expect(c.endpoint).toBe('http://env:4318');
    expect(c.key).toBe('from-file');
    expect(c.tags).toEqual({ env: 'prod', tier: 'web' });
    expect(c.port).toBe(42000);
    expect(c.spool.maxBytes).toBe(64 * 1024 * 1024);
    expect(c.sensors.redis).toEqual({ enabled: false, config: { timeoutMs: 900 } });
    expect(c.source).toBe(file);
  });

  it('names the bad field of the file', () => {
    writeFileSync(file, 'intervals:\n  discoveryMs: often\n');
    expect(() => loadAgentConfig({ path: file, sensors, env: {} })).toThrow(/agent\.yaml: intervals\.discoveryMs: .*expected number/);
  });

  it('names the bad field of a sensor block, an unknown key and an unknown sensor', () => {
    writeFileSync(file, 'sensors:\n  redis: {timeoutMs: -3}\n');
    expect(() => loadAgentConfig({ path: file, sensors, env: {} })).toThrow(/sensors\.redis\.timeoutMs: /);
    writeFileSync(file, 'endpointt: http://x\n');
    expect(() => loadAgentConfig({ path: file, sensors, env: {} })).toThrow(/endpointt/);
    writeFileSync(file, 'sensors:\n  mongo: {}\n');
    expect(() => loadAgentConfig({ path: file, sensors, env: {} })).toThrow(/sensors\.mongo: unknown sensor \(known: redis\)/);
  });

  it('names the env var when an env override is invalid', () => {
    expect(() => loadAgentConfig({ sensors, env: { ARGUS_AGENT_PORT: 'eighty' } })).toThrow(/port \(from ARGUS_AGENT_PORT\)/);
    expect(() => loadAgentConfig({ sensors, env: { ARGUS_ENDPOINT: 'not a url' } })).toThrow(
      /endpoint \(from ARGUS_ENDPOINT\): endpoint must be the collector base URL/,
    );
  });

  it('reports broken YAML and an explicitly named missing file with a code', () => {
    writeFileSync(file, 'key: [unclosed\n');
    expect(() => loadAgentConfig({ path: file, sensors, env: {} })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadAgentConfig({ path: join(dir, 'nope.yaml'), sensors, env: {} })).toThrow(
      expect.objectContaining({ code: 'CONFIG_UNREADABLE' }),
    );
    // bounded: a file over 256 KiB, and aliases that expand past 200,000 values, are refused before validation
    writeFileSync(file, `key: k\n${'# padding\n'.repeat(30_000)}`);
    expect(() => loadAgentConfig({ path: file, sensors, env: {} })).toThrow(/not valid YAML \(293 KiB is over the limit of 256 KiB\)/);
    const laughs = ['x0: &x0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `x${i}: &x${i} [${Array(10)
          .fill(`*x${i - 1}`)
          .join(', ')}]`,
      );
    writeFileSync(file, `${laughs.join('\n')}\n`);
    expect(() => loadAgentConfig({ path: file, sensors, env: {} })).toThrow(/more than 200000 values with its aliases expanded/);
  });

  it('reloads a changed file and keeps the last good config when a reload is invalid', async () => {
    writeFileSync(file, 'key: one\n');
    const initial = loadAgentConfig({ path: file, sensors, env: {} });
    const applied: string[] = [];
    const errors: string[] = [];
    const log = pino(
      { level: 'error' },
      {
        write: (line: string) => {
          errors.push(JSON.parse(line).msg);
        },
      },
    );
    const w = watchConfig({
      path: file,
      sensors,
      env: {},
      initial,
      pollMs: 60_000,
      log,
      onChange: (next) => {
        applied.push(next.key);
      },
    });
    try {
      writeFileSync(file, 'key: two\n');
      // the fs.watch event (or the explicit check) applies it
      await waitUntil(async () => applied.includes('two') || (await w.check(), applied.includes('two')));
      expect(w.current().key).toBe('two');

      writeFileSync(file, 'key: three\nspool: {maxBytes: lots}\n');
      await w.check();
      await new Promise((r) => setTimeout(r, 300));
      expect(w.current().key).toBe('two');
      expect(applied).toEqual(['two']);
      expect(errors.some((m) => /keeping the last good config: .*spool\.maxBytes/.test(m))).toBe(true);

      writeFileSync(file, 'key: four\n');
      await waitUntil(async () => applied.includes('four') || (await w.check(), applied.includes('four')));
      expect(w.current().key).toBe('four');
    } finally {
      w.close();
    }
  });
});

async function waitUntil(fn: () => Promise<boolean>) {
  for (let i = 0; i < 50; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met');
}
