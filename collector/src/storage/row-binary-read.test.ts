import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { jsonBytes } from '../json-bytes.js';
import { createStorage } from './create-storage.js';
import { decodeRows, queryRowBinary } from './row-binary-read.js';
import type { Storage } from './storage.js';

let dir: string;
let storage: Storage;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argus-rbr-'));
  storage = await createStorage(loadConfig({ dataDir: dir }));
});
afterAll(async () => {
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

// every type the span reads select, with edge values: empty and multi-byte strings, 64-bit extremes, nested maps
const SQL = `SELECT
  number AS n, toUInt8(200) AS u8, toInt8(-5) AS i8, toUInt16(65535) AS u16, toInt16(-300) AS i16, toUInt32(4000000000) AS u32,
  toInt32(-2000000000) AS i32, toUInt64(9007199254740991) AS u64, toInt64(-1234567890123) AS i64, toFloat64(1.5) AS f64,
  toFloat32(0.25) AS f32, number % 2 = 0 AS flag, toBool(number % 2) AS b, '' AS empty, 'grüße ✓ {id}' AS text,
  toLowCardinality({s:String}) AS lc, if(number = 0, NULL, toNullable('x')) AS maybe,
  map('k', concat('v', toString(number)), 'é', '') :: Map(LowCardinality(String), String) AS m,
  ['a', '', 'ccc'] :: Array(LowCardinality(String)) AS arr, [map('s:k', 's:v'), map()] :: Array(Map(LowCardinality(String), String)) AS maps,
  [] :: Array(String) AS none
FROM numbers(3) ORDER BY n`;

describe('RowBinaryWithNamesAndTypes answers', () => {
  it('read as the same rows JSONEachRow gives (64-bit integers as numbers)', async () => {
    const params = { s: 'param' };
    const binary = await queryRowBinary<Record<string, unknown>>(storage, SQL, params);
    const json = await storage.query(SQL, params);
    expect(binary).toHaveLength(3);
    expect(binary).toEqual(json);
    expect(binary[1]).toMatchObject({ u64: 9007199254740991, i64: -1234567890123, text: 'grüße ✓ {id}', maybe: 'x', b: true });
    expect(binary[0].maybe).toBeNull();
  });

  it('answers no rows as an empty list', async () => {
    expect(await queryRowBinary(storage, 'SELECT number FROM numbers(3) WHERE number > 5')).toEqual([]);
  });

  it('refuses a truncated answer and a type it cannot read', async () => {
    const res = await storage.client.exec({ query: `${SQL}\nFORMAT RowBinaryWithNamesAndTypes`, query_params: { s: 'p' } });
    const chunks: Buffer[] = [];
    for await (const c of res.stream) chunks.push(c as Buffer);
    const whole = Buffer.concat(chunks);
    expect(decodeRows(whole)).toHaveLength(3);
    for (const cut of [whole.length - 1, whole.length - 40, 30]) expect(() => decodeRows(whole.subarray(0, cut))).toThrow(/truncated/);
    await expect(queryRowBinary(storage, 'SELECT now64(9) AS t')).rejects.toThrow(/DateTime64.*not supported/);
  });
});

describe('jsonBytes', () => {
  it('writes exactly what JSON.stringify writes', () => {
    const long = Array.from({ length: 5000 }, (_, i) => ({ i, s: `é${i}`, u: undefined, n: null, d: new Date(0), nested: [undefined, i] }));
    const values: unknown[] = [
      { a: 1, skip: undefined, f: () => 1, list: long, short: [1, undefined], empty: [], text: 'x"\\\n✓' },
      { withHoles: [...Array.from({ length: 100 }, () => undefined)] },
      [1, 2],
      'text',
      42,
      null,
      { toJSON: () => ({ replaced: true }) },
      {},
    ];
    for (const v of values) expect(jsonBytes(v).toString()).toBe(JSON.stringify(v));
  });
});
