/**
 * One `pnpm start --demo` shared by every UI end-to-end case (part 1 and part 2): started from this tree (built UI,
 * real collector, agent, demo shop) on free ports with a fresh data directory, a Chromium page signed in with the
 * launcher's admin token, console errors collected, screenshots and axe-core checks. ARGUS_UI_E2E=<data dir>:<api port>
 * runs the cases against an already running start instead (development).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { findChromium } from '../../demo/src/load/visitor.js';
import { pickPorts, portFlags, repoRoot, runStart, until, type StartPorts, type Started } from '../start/harness.js';
import { launchChromium, seriousA11yViolations } from './browser.js';

export const chromiumPath = findChromium();
export const uiBuilt = existsSync(join(repoRoot, 'ui/dist/index.html'));
const SHOTS = join(repoRoot, 'docs/screenshots');
const external = process.env.ARGUS_UI_E2E;

export interface UiDemo {
  base(): string;
  token(): string;
  page(): Page;
  api<T>(path: string): Promise<T | undefined>;
  /** screenshot of the page to docs/screenshots/<name>.png */
  shot(name: string): Promise<void>;
  /** fails on serious or critical axe-core violations */
  a11y(where: string): Promise<void>;
  /** a console error matching `re` is expected until the returned function is called */
  expectConsoleError(re: RegExp): () => void;
  consoleErrors(): string[];
  /** samples the process tree (call while waiting) */
  sample(): void;
}

/** Registers beforeAll/afterAll for the shared start and browser; call once inside the describe. */
export function useUiDemo(): UiDemo {
  let dataDir = '';
  let ports: StartPorts;
  let started: Started | undefined;
  let browser: Browser | undefined;
  let ctx: BrowserContext;
  let page: Page;
  let token = '';
  const consoleErrors: string[] = [];
  /** 404s the test provokes on purpose (unknown trace) are expected in the console */
  const expectedFailures: RegExp[] = [];

  const base = () => `http://127.0.0.1:${ports.api}`;
  const api = async <T>(path: string): Promise<T | undefined> => {
    try {
      const res = await fetch(`${base()}/api/v1${path}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(20_000),
      });
      return res.ok ? ((await res.json()) as T) : undefined;
    } catch {
      return undefined;
    }
  };

  async function shot(name: string): Promise<void> {
    await page.waitForTimeout(400); // let charts finish their first paint
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  }

  async function a11y(where: string): Promise<void> {
    const v = await seriousA11yViolations(page);
    expect(v, `${where}: ${JSON.stringify(v, null, 1)}`).toEqual([]);
  }

  /** `pnpm start --demo` from this tree on fresh free ports */
  async function start(): Promise<void> {
    ports = await pickPorts();
    started = runStart(repoRoot, ['--demo', '--data-dir', dataDir, ...portFlags(ports)]);
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    if (external) {
      // development: against an already running `pnpm start --demo` (ARGUS_UI_E2E=<data dir>:<api port>)
      const [dir, port] = external.split(':');
      dataDir = dir;
      ports = { ingest: 0, api: Number(port), agent: 0, demo: 0 };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'argus-ui-'));
      chmodSync(dataDir, 0o755);
      await start();
    }
    let restarts = 0;
    // a 2-core machine under load can take minutes before the first calls are resolved
    const deadline = Date.now() + 300_000;
    // the launcher's instance-admin token, then demo traffic: four services with call edges and a checkout trace
    let seen = 'nothing yet';
    const ready = await until(
      deadline,
      () => started?.sample(),
      async () => {
        if (started && started.child.exitCode !== null) {
          // a port taken between the pick and the start's own check: start again on others (twice at most)
          if (restarts >= 2 || !/already in use/.test(started.output()))
            throw new Error(`pnpm start --demo exited (${started.child.exitCode}):\n${started.output().slice(-3000)}`);
          restarts++;
          await start();
          return false;
        }
        const file = join(dataDir, 'argus-start.json');
        if (!token && existsSync(file)) token = (JSON.parse(readFileSync(file, 'utf8')) as { adminToken: string }).adminToken;
        if (!token) return false;
        const map = await api<{ nodes: unknown[]; edges: unknown[] }>('/dependency-map');
        const checkout = await api<{ traces: Array<{ spans: number }> }>('/traces?service=checkout&limit=1');
        seen = `${map?.nodes.length ?? 0} services, ${map?.edges.length ?? 0} edges, ${checkout?.traces.length ?? 0} checkout traces`;
        return (map?.nodes.length ?? 0) >= 4 && (map?.edges.length ?? 0) >= 3 && (checkout?.traces.length ?? 0) > 0;
      },
    );
    if (!ready) throw new Error(`demo data did not arrive within 300 s (${seen}):\n${started?.output().slice(-3000) ?? ''}`);
    browser = await launchChromium(chromiumPath!);
    ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    // the API token the launcher created, as a user would paste it (the UI sends it as Authorization: Bearer)
    await ctx.addInitScript((t) => {
      localStorage.setItem('argus.adminToken', t);
      if (!localStorage.getItem('argus.theme')) localStorage.setItem('argus.theme', 'light');
    }, token);
    page = await ctx.newPage();
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const where = m.location().url;
      if (expectedFailures.some((re) => re.test(where) || re.test(m.text()))) return;
      consoleErrors.push(`${m.text()} (${where})`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    if (started && started.child.exitCode === null) {
      started.child.kill('SIGINT');
      await Promise.race([started.exited, new Promise((r) => setTimeout(r, 60_000))]);
      for (const pid of started.alive())
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
    }
    if (dataDir && !external) rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  }, 90_000);

  return {
    base,
    token: () => token,
    page: () => page,
    api,
    shot,
    a11y,
    expectConsoleError(re) {
      expectedFailures.push(re);
      return () => {
        const i = expectedFailures.indexOf(re);
        if (i >= 0) expectedFailures.splice(i, 1);
      };
    },
    consoleErrors: () => consoleErrors,
    sample: () => started?.sample(),
  };
}
