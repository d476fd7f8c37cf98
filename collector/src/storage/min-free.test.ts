import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { isDataError } from './insert-table.js';

// a floor above any disk's free space: every insert must be refused before ClickHouse writes anything
let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector({ storageMinFreeBytes: 2 ** 52 });
}, 120_000);
afterAll(() => c?.destroy());

describe('free-disk floor for inserts (ARGUS_STORAGE_MIN_FREE_BYTES)', () => {
  it('refuses an insert up front, as a storage error that is retried (not bad data), and stores nothing', async () => {
    const s = c.deps.storage;
    const refused = await s
      .insertTsv('logs', ['tenant', 'service', 'body'], Buffer.from('default\tfloor-test\thello\n'), { token: 'floor-test-1' })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(refused?.message).toMatch(/NOT_ENOUGH_SPACE|free space/);
    expect(isDataError(refused)).toBe(false);
    const binary = await s
      .insertRowBinary('logs', [{ name: 'body', type: 'String' }], [Buffer.from([5, 104, 101, 108, 108, 111])], { token: 'floor-test-2' })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(binary?.message).toMatch(/NOT_ENOUGH_SPACE|free space/);
    const [n] = await s.query<{ n: string }>(`SELECT count() AS n FROM logs WHERE service = 'floor-test' OR body = 'hello'`);
    expect(Number(n.n)).toBe(0);
  });
});
