import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStartOptions } from '../../launcher/src/options.js';
import { portClaims } from '../../launcher/src/preflight.js';
import { loadOrCreateState } from '../../launcher/src/state.js';
import { renderSummary } from '../../launcher/src/output.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'argus-launcher-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('start options', () => {
  it('defaults come from the environment, flags win, the data directory is made absolute', () => {
    const o = parseStartOptions(['--demo', '--api-port', '9090', '--no-visitor'], {
      ARGUS_API_PORT: '7070',
      ARGUS_INGEST_PORT: '5318',
      ARGUS_DATA_DIR: 'var/argus',
    });
    expect(o).toMatchObject({
      demo: true,
      agent: true,
      visitor: false,
      apiPort: 9090,
      ingestPort: 5318,
      agentPort: 42699,
      demoPort: 3000,
      rps: 5,
    });
    expect(o.dataDir).toBe(join(process.cwd(), 'var/argus'));
  });

  it('claims every port with the flag that moves it, the demo taking four', () => {
    const o = parseStartOptions(['--demo', '--demo-port', '4000'], {});
    expect(portClaims(o).map((c) => `${c.port} ${c.flag}`)).toEqual([
      '4318 --ingest-port',
      '8080 --api-port',
      '42699 --agent-port',
      '4000 --demo-port',
      '4001 --demo-port',
      '4002 --demo-port',
      '4003 --demo-port',
    ]);
    expect(portClaims(parseStartOptions(['--no-agent'], {})).map((c) => c.flag)).toEqual(['--ingest-port', '--api-port']);
  });
});

describe('start state', () => {
  it('creates the ingest key once and reuses it on the next start', () => {
    const dir = tempDir();
    const first = loadOrCreateState(dir, undefined);
    expect(first.fresh).toBe(true);
    expect(first.ingestKey).toMatch(/^ak_[\w-]{32}$/);
    expect(first.adminToken).toMatch(/^at_[\w-]{32}$/);
    expect(first.adminTokenCreated).toBe(true);
    const second = loadOrCreateState(dir, undefined);
    expect(second).toEqual({ ingestKey: first.ingestKey, adminToken: first.adminToken, fresh: false, adminTokenCreated: false });
  });

  it('ARGUS_INGEST_KEY wins and is remembered', () => {
    const dir = tempDir();
    loadOrCreateState(dir, undefined);
    expect(loadOrCreateState(dir, 'preset-key-0123456789').ingestKey).toBe('preset-key-0123456789');
    expect(JSON.parse(readFileSync(join(dir, 'argus-start.json'), 'utf8')).ingestKey).toBe('preset-key-0123456789');
  });

  it('a damaged state file is named with what to do', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'argus-start.json'), '{"ingestKey": 1}');
    expect(() => loadOrCreateState(dir, undefined)).toThrow(/argus-start\.json is damaged .*delete it to create a new key/);
  });
});

describe('summary', () => {
  it('tells the user to open the storefront when there is no headless visitor', () => {
    const text = renderSummary({
      apiUrl: 'http://127.0.0.1:8080',
      ingestUrl: 'http://127.0.0.1:4318',
      ingestKey: 'ak_x',
      stateFile: '/d/argus-start.json',
      dataDir: '/d',
      logDir: '/d/logs',
      demo: {
        storefrontUrl: 'http://127.0.0.1:3000',
        stores: { catalog: 'in-process', carts: 'Redis' },
        eum: true,
        visitorSkipped: 'Chromium is not installed',
      },
    });
    expect(text).toContain(
      'Open http://127.0.0.1:3000 in a browser to send real page loads (headless visitor off: Chromium is not installed).',
    );
    expect(text).toMatch(/Ingest key\s+ak_x/);
    expect(text).toMatch(/Log in\s+with your account/);
    expect(text).toMatch(/UI\s+http:\/\/127\.0\.0\.1:8080\//);
  });
});
