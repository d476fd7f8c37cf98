/**
 * The two limits the end-to-end figure is compared with, each measured alone in this process:
 *  decode: OTLP protobuf/JSON spans decoded (and turned into rows) per second on one core, with the fast path the
 *          route uses and, for comparison, protobufjs + the reference row builder, in the same run;
 *  insert: already-built TSV rows inserted into embedded ClickHouse (chDB) per second, into the collector's full
 *          schema (spans plus every materialized view the collector hangs on it) and into the spans table alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOtlpTypes } from '@argus/otlp';
import { buildSpanRows, SPAN_COLUMNS, type TraceRequest } from '../../collector/src/ingest/otlp/span-rows.js';
import { createSpanEncoder } from '../../collector/src/ingest/otlp/span-binary.js';
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
  // rows built once, then inserted in batches of the size the batch writer forms under load
  const templates = buildTemplates(8, 1000, 'protobuf');
  const batches: string[] = [];
  for (let b = 0; b < 10; b++) {
    let lines = '';
    for (let r = 0; r < 20; r++)
      lines += buildSpanRows('default', T.decode(freshBody(templates[(b * 20 + r) % templates.length], false)) as TraceRequest).lines;
    batches.push(lines);
  }
  const rows = batches.length * 20_000;
  /** into a fresh embedded ClickHouse with the given migrations: the spans table alone, or with every view the collector hangs on it */
  async function insertRate(dirs: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'argus-bench-insert-'));
    const storage = await createStorage(loadConfig({ dataDir: dir }));
    await migrate(storage, dirs, { mode: 'embedded', retentionDays: 7, metricsRawRetentionHours: 48 }, pino({ level: 'silent' }));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const body of batches) await storage.insertTsv('spans', SPAN_COLUMNS, body);
    const secs = (performance.now() - t0) / 1000;
    const cu = process.cpuUsage(c0);
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
    return { rowsPerSecond: Math.round(rows / secs), rowsPerCpuSecond: Math.round(rows / ((cu.user + cu.system) / 1e6)), seconds: secs };
  }
  const allDirs = createModules().flatMap((m) => (m.migrationsDir ? [m.migrationsDir] : []));
  const full = await insertRate(allDirs);
  const core = await insertRate([CORE_MIGRATIONS]);
  console.log(
    JSON.stringify({ insertRowsPerSecond: full.rowsPerSecond, insert: { withCollectorViews: full, spansTableOnly: core }, rows }),
  );
}
process.exit(0);
