import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { DEDUP_TABLES, DEDUP_WINDOW } from './dedup.js';

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
}, 120_000);
afterAll(() => c?.destroy());

describe('insert deduplication windows', () => {
  it('covers every table a deduplicated insert reaches through materialized views, and sets its window', async () => {
    const views = await c.deps.storage.query<{ name: string; query: string }>(
      `SELECT name, create_table_query AS query FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView'`,
    );
    const edges = views.map((v) => ({
      view: v.name,
      to: /\bTO\s+`?(?:\w+`?\.`?)?(\w+)`?/i.exec(v.query)?.[1] ?? '',
      from: /\bFROM\s+`?(?:\w+`?\.`?)?(\w+)`?/i.exec(v.query)?.[1] ?? '',
    }));
    expect(edges.length).toBeGreaterThan(5);
    const dedup = new Set<string>(DEDUP_TABLES);
    // a retried insert into a deduplicated table reaches these views again: their targets must skip it too
    const missing = edges.filter((e) => dedup.has(e.from) && !dedup.has(e.to)).map((e) => `${e.view}: ${e.from} -> ${e.to}`);
    expect(missing).toEqual([]);
    const tables = await c.deps.storage.query<{ name: string; engine_full: string }>(
      `SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN {names:Array(String)}`,
      { names: [...DEDUP_TABLES] },
    );
    const without = tables
      .filter((t) => !t.engine_full.includes(`non_replicated_deduplication_window = ${DEDUP_WINDOW}`))
      .map((t) => t.name);
    expect(without).toEqual([]);
  });
});
