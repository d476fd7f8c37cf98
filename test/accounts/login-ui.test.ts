import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../demo/src/load/visitor.js';

/**
 * The login page in real Chromium against the collector serving the built UI (ui/dist, built by the install):
 * a signed-out visit lands on /login, a wrong password is said so, the right one sets the HttpOnly SameSite
 * cookie and returns to the page asked for, the top bar shows who is signed in, sign-out ends the session.
 */
const executablePath = findChromium();
const built = existsSync(join(import.meta.dirname, '../../ui/dist/index.html'));
const PASSWORD = 'ui login password 1';
let c: TestCollector;
let browser: Browser;

describe.skipIf(!executablePath || !built)('login page', () => {
  beforeAll(async () => {
    c = await startTestCollector({}, { authenticateFetch: false, accounts: { adminPassword: PASSWORD } });
    browser = await chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await c?.destroy();
  });

  it('signs in, returns to the page asked for, shows the user, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${c.apiUrl}/services`);
    await page.waitForURL(/\/login\?redirect=%2Fservices/, { timeout: 20_000 });
    await page.fill('input[type=email]', 'admin@argus.local');
    await page.fill('input[type=password]', 'not the password');
    await page.click('button[type=submit]');
    expect(await page.locator('.login-error').textContent({ timeout: 10_000 })).toBe('Wrong e-mail or password.');

    await page.fill('input[type=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/services/, { timeout: 20_000 });
    expect(await page.locator('.account-who').textContent({ timeout: 20_000 })).toBe('admin@argus.local');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'argus_session', httpOnly: true, sameSite: 'Strict' });

    await page.click('text=Sign out');
    await page.waitForURL(/\/login$/, { timeout: 20_000 });
    const after = await fetch(`${c.apiUrl}/api/v1/services`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(after.status).toBe(401);
    await context.close();
  }, 60_000);
});
