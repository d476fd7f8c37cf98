/**
 * The entry points as users run them: `--import` (ESM hook + tracer) and `--require` (CommonJS build), and the
 * "never break the app" start: bad configuration -> one warning, the app runs untraced.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const script = `
const http = require('node:http');
const s = http.createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', async () => {
  const res = await fetch('http://127.0.0.1:' + s.address().port + '/');
  console.log(JSON.stringify({ body: await res.text(), serverTiming: res.headers.get('server-timing'), tracer: Boolean(globalThis[Symbol.for('argus.nodejs.tracer')]) }));
  s.close();
});`;

function run(flag: '--import' | '--require', env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ARGUS_') && k !== 'NODE_OPTIONS'));
  const r = spawnSync(process.execPath, [flag, '@argus/nodejs/register', '-e', script], {
    cwd: new URL('../fixtures/tracer-app/inventory-api/', import.meta.url),
    env: { ...clean, ARGUS_AGENT_PORT: '9', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return {
    out: JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { body: string; serverTiming: string | null; tracer: boolean },
    stderr: r.stderr,
    status: r.status,
  };
}

describe('register entry points', () => {
  it.each(['--import', '--require'] as const)('%s @argus/nodejs/register traces a CommonJS app', (flag) => {
    const { out, status } = run(flag);
    expect(status).toBe(0);
    expect(out.body).toBe('ok');
    expect(out.tracer).toBe(true);
    expect(out.serverTiming).toMatch(/^traceparent;desc="00-[0-9a-f]{32}-[0-9a-f]{16}-01"$/);
  });

  it('starts the app untraced with one warning when the configuration is invalid', () => {
    const { out, stderr, status } = run('--import', { ARGUS_AGENT_PORT: 'not-a-port' });
    expect(status).toBe(0);
    expect(out).toEqual({ body: 'ok', serverTiming: null, tracer: false });
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^\[argus\] warn: tracer not started.*ARGUS_AGENT_PORT/)]);
  });
});
