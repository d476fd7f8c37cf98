import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import type { TestCollector } from '@argus/collector/testing';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: execFileSync('which', ['chromium']).toString().trim(), args: CHROMIUM_ARGS, headless: true });

const TRACER = fileURLToPath(new URL('../../sensors/nodejs/dist/register.js', import.meta.url));
const BACKEND = fileURLToPath(new URL('./fixtures/backend.mjs', import.meta.url));

/** the fixture backend under the Argus Node.js tracer, exporting straight to the test collector */
export function startTracedBackend(
  col: TestCollector,
  eumHead = '',
  port = 0,
): Promise<{ url: string; proc: ChildProcess; stop(): Promise<void> }> {
  const proc = spawn(process.execPath, ['--import', TRACER, BACKEND], {
    env: {
      ...process.env,
      ARGUS_ENDPOINT: col.ingestUrl,
      ARGUS_KEY: col.ingestKey,
      ARGUS_FLUSH_MS: '200',
      OTEL_SERVICE_NAME: 'eum-test-backend',
      EUM_HEAD: eumHead,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`backend did not start: ${out}`)), 20_000);
    proc.once('exit', (code) => reject(new Error(`backend exited with ${String(code)}: ${out}`)));
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${m[1]}`,
        proc,
        stop: () =>
          new Promise<void>((r) => {
            if (proc.exitCode !== null) return r();
            proc.once('exit', () => r());
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}

/** polls `fn` until it returns a truthy value (or throws after `ms`) */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** a loopback port that was free a moment ago (to know an origin before its server starts) */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
