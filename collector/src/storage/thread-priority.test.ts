import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createStorage } from './create-storage.js';
import type { Storage } from './storage.js';
import { createThreadPriority } from './thread-priority.js';

let dir: string;
let storage: Storage;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argus-nice-'));
  storage = await createStorage(loadConfig({ dataDir: dir }));
  await storage.query('SELECT count() FROM numbers(1000000)'); // the engine's pools have started threads
}, 120_000);
afterAll(async () => {
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

const name = (tid: number) => readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();

it("lowers the embedded engine's threads (named by the engine) and leaves Node's own (named node) as they were", () => {
  const mine = getPriority();
  const p = createThreadPriority(7);
  expect(p.apply()).toBeGreaterThan(0);
  const lowered = [...p.lowered()];
  expect(lowered.length).toBeGreaterThan(2);
  for (const tid of lowered) {
    expect(name(tid)).not.toBe('node');
    expect(getPriority(tid)).toBe(7);
  }
  expect(getPriority()).toBe(mine); // this thread (a `node` thread) keeps its priority
});
