import { existsSync } from 'node:fs';
import { findBinary } from '../infra/binaries.js';

/** The Chromium the visitor drives: `ARGUS_CHROMIUM` or `chromium` on PATH. */
export function findChromium(): string | undefined {
  const preset = process.env.ARGUS_CHROMIUM;
  if (preset && existsSync(preset)) return preset;
  return findBinary('chromium') ?? findBinary('chromium-browser');
}

export interface Visitor {
  visits(): number;
  stop(): Promise<void>;
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/**
 * A headless visitor browsing the storefront in real Chromium, so the EUM script sends real beacons: every few
 * seconds a fresh browser context (a new session) loads the shop, opens a product, adds it to the cart, and
 * sometimes asks for a shipping quote or checks out. Failures are reported through `note`, never thrown.
 */
export async function startVisitor(
  storefrontUrl: string,
  executablePath: string,
  note: (msg: string) => void,
  pauseMs = 4000,
): Promise<Visitor> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  let visits = 0;
  let stopping = false;
  let lastError = '';
  const visit = async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(storefrontUrl, { waitUntil: 'load', timeout: 15_000 });
      await page
        .locator('a.product-link')
        .nth(Math.floor(Math.random() * 6))
        .click({ timeout: 10_000 });
      await page.locator('#add-to-cart').click({ timeout: 10_000 });
      await page.locator('#status').filter({ hasText: /./ }).waitFor({ timeout: 10_000 });
      await page.locator('#cart-link').click();
      const action = Math.random() < 0.3 ? '#quote' : '#checkout';
      await page.locator(action).click({ timeout: 10_000 });
      await page
        .locator('#status')
        .filter({ hasText: /placed|failed|days/ })
        .waitFor({ timeout: 10_000 });
      // leaving the page flushes the EUM script's queued beacons
      await page.close({ runBeforeUnload: true });
      visits++;
    } finally {
      await context.close();
    }
  };
  const loop = (async () => {
    while (!stopping) {
      try {
        await visit();
      } catch (err) {
        const message = (err as Error).message.split('\n')[0];
        if (message !== lastError && !stopping) note(`visitor: ${message}`);
        lastError = message;
      }
      for (let waited = 0; waited < pauseMs && !stopping; waited += 250) await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    visits: () => visits,
    stop: async () => {
      stopping = true;
      await Promise.race([loop, new Promise((r) => setTimeout(r, 5000))]);
      await browser.close().catch(() => {});
    },
  };
}
