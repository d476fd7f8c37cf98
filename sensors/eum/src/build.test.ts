import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { snippet } from './index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('@argus/eum', () => {
  it('typechecks the browser code against the DOM lib (its own tsconfig)', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    // throws with the compiler output on any error
    execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.json`], { stdio: 'pipe' });
  });

  it('bundles every feature into <= 6 KB gzipped', async () => {
    const out = await build({
      entryPoints: [`${root}src/browser/index.ts`],
      bundle: true,
      minify: true,
      format: 'iife',
      target: ['es2018'],
      write: false,
      legalComments: 'none',
    });
    const code = out.outputFiles[0].text;
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(6 * 1024);
    for (const feature of [
      'sendBeacon',
      'keepalive',
      'largest-contentful-paint',
      'layout-shift',
      'first-input',
      'unhandledrejection',
      'pushState',
      'hashchange',
      'traceparent',
      'localStorage',
    ]) {
      expect(code, feature).toContain(feature);
    }
  });

  it('renders a snippet that queues calls and pins the script version', () => {
    const s = snippet({ key: 'sk_"</script>', reportingUrl: 'https://eum.example.com/', version: 'abc123' });
    expect(s).toContain('argus("reportingUrl", "https://eum.example.com");');
    expect(s).toContain('argus("key", "sk_\\"\\u003c/script>");'); // no way to close the script element from the key
    expect(s).toContain('<script defer crossorigin="anonymous" src="https://eum.example.com/eum.js?v=abc123"></script>');
    // the queue function works before eum.js loads
    const w: Record<string, unknown> = {};
    runInNewContext(s.split('\n')[1], { window: w });
    (w.argus as (...a: unknown[]) => void)('page', 'home');
    expect(Array.from((w.argus as { q: ArrayLike<unknown>[] }).q[0])).toEqual(['page', 'home']);
  });
});
