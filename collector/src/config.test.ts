import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadAnalyticsConfig } from './analytics/config.js';
import { gatherConfigErrors } from './config-loader.js';
import { loadConfig } from './config.js';
import { loadEumConfig } from './eum/config.js';
import { loadInfraConfig } from './infrastructure/config.js';

const loaders = [loadConfig, loadAnalyticsConfig, loadEumConfig, loadInfraConfig] as const;

describe('config loader (core and modules alike)', () => {
  it('takes an empty variable as unset: ARGUS_API_PORT= binds the default port, not a random one', () => {
    const c = loadConfig({}, { ARGUS_API_PORT: '', ARGUS_INGEST_PORT: '', ARGUS_RETENTION_DAYS: '', ARGUS_CLICKHOUSE_URL: '' });
    expect(c).toMatchObject({ apiPort: 8080, ingestPort: 4318, retentionDays: 7, jobs: 'on' });
    expect(c.clickhouseUrl).toBeUndefined();
    expect(loadAnalyticsConfig({}, { ARGUS_ANALYTICS_TICK_MS: '' }).tickMs).toBe(500);
    expect(loadEumConfig({}, { ARGUS_EUM_PUBLIC_URL: '' }).publicUrl).toBeUndefined();
    expect(loadInfraConfig({}, { ARGUS_ENTITY_OFFLINE_AFTER_SECONDS: '' }).offlineAfterSeconds).toBe(60);
    // an explicit empty flag value is unset too; an explicit 0 is a port
    expect(loadConfig({ apiPort: '' }, {}).apiPort).toBe(8080);
    expect(loadConfig({ apiPort: 0 }, {}).apiPort).toBe(0);
  });

  it('reads variables, lets explicit values win, and names every bad variable at once', () => {
    expect(loadConfig({ apiPort: 9000 }, { ARGUS_API_PORT: '9100', ARGUS_JOBS: 'off' })).toMatchObject({ apiPort: 9000, jobs: 'off' });
    expect(() => loadConfig({}, { ARGUS_API_PORT: 'abc', ARGUS_RETENTION_DAYS: '0', ARGUS_JOBS: 'maybe' })).toThrow(
      /^invalid configuration:\n {2}ARGUS_API_PORT: ARGUS_API_PORT must be a port number\n {2}ARGUS_RETENTION_DAYS: .*at least 1\n {2}ARGUS_JOBS: /,
    );
    expect(() => loadConfig({}, { ARGUS_CLICKHOUSE_URL: 'ftp://x' })).toThrow(/ARGUS_CLICKHOUSE_URL: .*http/);
    expect(() => loadConfig({}, { ARGUS_CLICKHOUSE_CLUSTER: 'c1' })).toThrow(/ARGUS_CLICKHOUSE_CLUSTER needs ARGUS_CLICKHOUSE_URL/);
    expect(() => loadAnalyticsConfig({}, { ARGUS_ANALYTICS_TICK_MS: '10' })).toThrow(
      /invalid analytics configuration:\n {2}ARGUS_ANALYTICS_TICK_MS: .*>= 50/,
    );
    expect(() => loadEumConfig({}, { ARGUS_EUM_TRUST_PROXY: 'yes' })).toThrow(/invalid EUM configuration:\n {2}ARGUS_EUM_TRUST_PROXY/);
    expect(() => loadInfraConfig({}, { ARGUS_ENTITY_MAX_BODY_BYTES: 'x' })).toThrow(/ARGUS_ENTITY_MAX_BODY_BYTES: .*number of bytes/);
    expect(loadConfig({}, {}).heapGrowingPercent).toBe(100);
    expect(loadConfig({}, { ARGUS_HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(() => loadConfig({}, { ARGUS_HEAP_GROWING_PERCENT: '1000' })).toThrow(/ARGUS_HEAP_GROWING_PERCENT: .*<= 400/);
    expect(loadAnalyticsConfig({}, { ARGUS_ANALYTICS_RESOLVER: 'main' }).resolver).toBe('main');
    expect(() => loadAnalyticsConfig({}, { ARGUS_ANALYTICS_RESOLVER: 'thread' })).toThrow(/'on', 'main' or 'off'/);
  });

  it('gathers the core and every module problem into one CONFIG_INVALID error', () => {
    const env = { ARGUS_API_PORT: 'abc', ARGUS_ANALYTICS_TICK_MS: '1', ARGUS_EUM_RATE_PER_IP: '-1' };
    let err: unknown;
    try {
      gatherConfigErrors(loaders.map((load) => () => void load({}, env)));
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' });
    const message = (err as Error).message;
    for (const name of Object.keys(env)) expect(message).toContain(`${name}:`);
  });

  it('every variable of every loader is documented in docs/configuration.md', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const names = loaders.flatMap((l) => Object.values(l.group.env));
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });
});
