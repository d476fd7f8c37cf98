/**
 * The two limits the end-to-end figure is compared with, each measured alone in this process:
 *  decode: OTLP protobuf/JSON spans decoded (and turned into rows) per second on one core, with the fast path the
 *          route uses and, for comparison, protobufjs + the reference row builder, in the same run;
 *  insert: already-built rows inserted into embedded ClickHouse (chDB) per second: the new path (RowBinary spans
 *          plus the analytics rows the collector derives while decoding, with deduplication tokens), the old path
 *          (TabSeparated spans into the schema with the materialized views on spans), and RowBinary spans alone.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOtlpTypes } from '@argus/otlp';
import { buildSpanRows, SPAN_COLUMNS, type TraceRequest } from '../../collector/src/ingest/otlp/span-rows.js';
import { createSpanEncoder, SPAN_BINARY_COLUMNS } from '../../collector/src/ingest/otlp/span-binary.js';
import { deriveRows } from '../../collector/src/ingest/derive/derived-rows.js';
import { createEndpointRegistry } from '../../collector/src/ingest/derive/registry.js';
import { createSpanDeriver, type DerivedSpans } from '../../collector/src/ingest/derive/span-derive.js';
import type { Storage } from '../../collector/src/storage/storage.js';
import { NO_LIMITS } from '../../collector/src/ingest/otlp/limits.js';
import { createInterner } from '../../collector/src/ingest/otlp/intern.js';
import { createKeyTable, type SpanSink } from '../../collector/src/ingest/otlp/span-model.js';
import { decodeTraceWire } from '../../collector/src/ingest/otlp/trace-wire.js';
import { createStorage } from '../../collector/src/storage/create-storage.js';
import { migrate } from '../../collector/src/storage/migrate.js';
import { loadConfig } from '../../collector/src/config.js';
import { CORE_MIGRATIONS } from '../../collector/src/ingest/otlp/index.js';
import { createModules } from '../../collector/src/modules.js';
import pino from 'pino';
import { buildTemplates, freshBody } from './generate.js';

const which = process.argv[2];
const seconds = Number(process.argv[3] ?? 5);
const types = loadOtlpTypes();
const T = types.ExportTraceServiceRequest;

/**
 * Items per second of this process's CPU time (user + system), so the figure is per core even when the machine is
 * shared; the wall-clock rate of the same run is kept in `wall`.
 */
const wall: Record<string, number> = {};
function rate(fn: () => number, name = ''): number {
  const end = performance.now() + seconds * 1000;
  let items = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() < end) items += fn();
  const c = process.cpuUsage(c0);
  if (name) wall[name] = Math.round(items / ((performance.now() - t0) / 1000));
  return items / ((c.user + c.system) / 1e6);
}

if (which === 'decode') {
  const pb = buildTemplates(8, 1000, 'protobuf').map((t) => freshBody(t, false));
  const js = buildTemplates(8, 1000, 'json').map((t) => freshBody(t, true));
  let i = 0;
  const fast = createSpanEncoder();
  const intern = createInterner(createKeyTable());
  const discard: SpanSink = { group() {}, span() {} };
  const r = (n: number) => Math.round(n);
  const out = {
    unit: 'spans per CPU-second (one core)',
    protobufDecode: r(rate(() => (decodeTraceWire(pb[i++ % pb.length], intern, discard), 1000), 'protobufDecode')),
    protobufDecodeAndRows: r(rate(() => fast.protobuf('default', pb[i++ % pb.length], NO_LIMITS).count, 'protobufDecodeAndRows')),
    jsonDecode: r(rate(() => (JSON.parse(js[i++ % js.length].toString()), 1000), 'jsonDecode')),
    jsonDecodeAndRows: r(
      rate(() => fast.json('default', JSON.parse(js[i++ % js.length].toString()) as TraceRequest, NO_LIMITS).count, 'jsonDecodeAndRows'),
    ),
    reference: {
      protobufjsDecode: r(rate(() => (T.decode(pb[i++ % pb.length]), 1000), 'reference.protobufjsDecode')),
      protobufjsDecodeAndRows: r(
        rate(() => buildSpanRows('default', T.decode(pb[i++ % pb.length]) as TraceRequest).rows, 'reference.protobufjsDecodeAndRows'),
      ),
      jsonDecodeAndRows: r(
        rate(
          () => buildSpanRows('default', JSON.parse(js[i++ % js.length].toString()) as TraceRequest).rows,
          'reference.jsonDecodeAndRows',
        ),
      ),
    },
    wall,
  };
  console.log(JSON.stringify(out));
} else {
  // rows built once, then inserted in batches of the size the pipeline forms under load (20 requests x 1000 spans)
  const templates = buildTemplates(8, 1000, 'protobuf');
  const encoder = createSpanEncoder();
  const deriver = createSpanDeriver();
  const tsvBatches: string[] = [];
  const binBatches: Array<{ spans: Buffer[]; derived: DerivedSpans[] }> = [];
  for (let b = 0; b < 10; b++) {
    let lines = '';
    const bin: { spans: Buffer[]; derived: DerivedSpans[] } = { spans: [], derived: [] };
    for (let r = 0; r < 20; r++) {
      const body = freshBody(templates[(b * 20 + r) % templates.length], false);
      lines += buildSpanRows('default', T.decode(body) as TraceRequest).lines;
      bin.spans.push(Buffer.from(encoder.protobuf('default', body, NO_LIMITS, deriver).rows));
      bin.derived.push(deriver.take());
    }
    tsvBatches.push(lines);
    binBatches.push(bin);
  }
  const rows = tsvBatches.length * 20_000;
  const log = pino({ level: 'silent' });
  const ctx = { mode: 'embedded' as const, retentionDays: 7, metricsRawRetentionHours: 48 };
  const dirsNow = createModules().flatMap((m) => (m.migrationsDir ? [m.migrationsDir] : []));
  /**
   * The schema as it was before the collector derived the analytics rows itself: the same migration files without
   * those that drop the materialized views on spans (006, 047, 048) and 049 (codecs of a column 048 adds), copied to a
   * scratch directory.
   */
  const scratch = mkdtempSync(join(tmpdir(), 'argus-bench-old-schema-'));
  function dirsBefore(): string[] {
    return dirsNow.map((d, i) => {
      const to = join(scratch, String(i));
      mkdirSync(to);
      for (const f of readdirSync(d)) if (f.endsWith('.sql') && !/^(006|047|048|049)-/.test(f)) copyFileSync(join(d, f), join(to, f));
      return to;
    });
  }
  async function timed(dirs: string[], insert: (storage: Storage, b: number) => Promise<void>) {
    const dir = mkdtempSync(join(tmpdir(), 'argus-bench-insert-'));
    const storage = await createStorage(loadConfig({ dataDir: dir }));
    await migrate(storage, dirs, ctx, log);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let b = 0; b < tsvBatches.length; b++) await insert(storage, b);
    const secs = (performance.now() - t0) / 1000;
    const cu = process.cpuUsage(c0);
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
    return { rowsPerSecond: Math.round(rows / secs), rowsPerCpuSecond: Math.round(rows / ((cu.user + cu.system) / 1e6)), seconds: secs };
  }
  // old path: TabSeparated rows into spans, every analytics view computing from them inside ClickHouse
  const oldPath = await timed(dirsBefore(), (storage, b) => storage.insertTsv('spans', SPAN_COLUMNS, tsvBatches[b]));
  rmSync(scratch, { recursive: true, force: true });
  // new path: RowBinary spans plus the rows the collector derived while decoding, each insert with its token
  const registry = createEndpointRegistry(1000);
  const newPath = await timed(dirsNow, async (storage, b) => {
    const batch = binBatches[b];
    const derived = deriveRows(
      batch.derived.map((d) => ({ tenant: 'default', derived: d })),
      registry,
    );
    await Promise.all([
      storage.insertRowBinary('spans', SPAN_BINARY_COLUMNS, batch.spans, { token: `bench-${b}-spans` }),
      (async () => {
        for (const t of derived.tables)
          if (t.format === 'RowBinary') await storage.insertRowBinary(t.table, t.columns, [t.data], { token: `bench-${b}-${t.table}` });
      })(),
    ]);
  });
  const spansOnly = await timed([CORE_MIGRATIONS], (storage, b) =>
    storage.insertRowBinary('spans', SPAN_BINARY_COLUMNS, binBatches[b].spans, { token: `bench-${b}` }),
  );
  console.log(
    JSON.stringify({
      insertRowsPerSecond: newPath.rowsPerSecond,
      insert: { newPath, oldPath, spansTableOnlyRowBinary: spansOnly },
      rows,
    }),
  );
}
process.exit(0);
