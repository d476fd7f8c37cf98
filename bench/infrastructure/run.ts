/**
 * Chart read cost with and without rollups: DAYS days of 1-second points for SERIES series of one entity are
 * ingested as OTLP through the real collector (embedded ClickHouse); then the same DAYS-day chart is read
 * (a) through GET /api/v1/metrics (resolution picker -> 1 min rollup) and (b) by the equivalent query on the
 * raw 1-second table. Reports medians of RUNS reads and the rows each one scans.
 *
 *   node --import tsx bench/infrastructure/run.ts        # DAYS=2 SERIES=4 RUNS=15 by default
 */
import { startTestCollector } from '@argus/collector/testing';
import { loadOtlpTypes } from '@argus/otlp';

const DAYS = Number(process.env.DAYS ?? 2);
const SERIES = Number(process.env.SERIES ?? 4);
const RUNS = Number(process.env.RUNS ?? 15);
const ENTITY = 'host:bench';
const types = loadOtlpTypes();
const c = await startTestCollector();
const to = Math.floor(Date.now() / 1000) * 1000 - 60_000;
const from = to - DAYS * 86_400_000;

const t0 = performance.now();
const CHUNK = 3600; // one hour of points per series per request
for (let start = from; start < to; start += CHUNK * 1000) {
  const dataPoints = (s: number) =>
    Array.from({ length: Math.min(CHUNK, (to - start) / 1000) }, (_, i) => ({
      attributes: [{ key: 'state', value: { stringValue: `s${s}` } }],
      timeUnixNano: `${start + i * 1000}000000`,
      startTimeUnixNano: `${from}000000`,
      asDouble: Math.sin((start + i * 1000) / 3.6e6 + s) * 50 + 50,
    }));
  const body = types.ExportMetricsServiceRequest.encode({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'argus.entity.id', value: { stringValue: ENTITY } }] },
        scopeMetrics: [
          {
            scope: { name: 'bench' },
            metrics: [
              { name: 'bench.cpu', unit: '1', gauge: { dataPoints: Array.from({ length: SERIES }, (_, s) => dataPoints(s)).flat() } },
            ],
          },
        ],
      },
    ],
  }).finish();
  const res = await fetch(`${c.ingestUrl}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${c.ingestKey}` },
    body: body as Uint8Array<ArrayBuffer>,
  });
  if (res.status !== 200) throw new Error(`ingest ${res.status} ${await res.text()}`);
}
const ingestS = (performance.now() - t0) / 1000;
const rawRows = Number(
  (await c.deps.storage.query<{ n: string }>(`SELECT toString(count()) AS n FROM metric_points WHERE entity_id = '${ENTITY}'`))[0].n,
);

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
async function time(fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  await fn();
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    samples.push(performance.now() - s);
  }
  return median(samples);
}

let apiPoints = 0;
let apiResolution = '';
const apiMs = await time(async () => {
  const r = await (await fetch(`${c.apiUrl}/api/v1/metrics?entity=${ENTITY}&metric=bench.cpu&from=${from}&to=${to}`)).json();
  apiPoints = r.series[0].points.length;
  apiResolution = `${r.resolution} rollup, step ${r.stepMs / 1000} s`;
});
const step = Math.round(apiPoints ? (to - from) / 1000 / apiPoints : 300);
const rawMs = await time(() =>
  c.deps.storage.query(
    `SELECT series_id, toStartOfInterval(toDateTime(timestamp, 'UTC'), INTERVAL {step:UInt32} SECOND) AS t, min(value), max(value), avg(value), count()
     FROM metric_points WHERE tenant = 'default' AND entity_id = {e:String} AND metric = 'bench.cpu'
       AND timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND timestamp <= fromUnixTimestamp64Milli({to:Int64})
     GROUP BY series_id, t ORDER BY series_id, t`,
    { e: ENTITY, from, to, step },
  ),
);
const rollupSqlMs = await time(() =>
  c.deps.storage.query(
    `SELECT series_id, toStartOfInterval(bucket, INTERVAL {step:UInt32} SECOND) AS t, min(min), max(max), sum(sum) / sum(count), sum(count)
     FROM metric_rollup_1m WHERE tenant = 'default' AND entity_id = {e:String} AND metric = 'bench.cpu'
       AND bucket >= toDateTime(intDiv({from:Int64}, 1000)) AND bucket <= toDateTime(intDiv({to:Int64}, 1000))
     GROUP BY series_id, t ORDER BY series_id, t`,
    { e: ENTITY, from, to, step },
  ),
);
const rollupRows = Number(
  (await c.deps.storage.query<{ n: string }>(`SELECT toString(count()) AS n FROM metric_rollup_1m FINAL WHERE entity_id = '${ENTITY}'`))[0]
    .n,
);
await c.destroy();

console.log(
  `${DAYS} days x ${SERIES} series of 1-second points: ${rawRows} raw rows, ingested in ${ingestS.toFixed(1)} s (${Math.round(rawRows / ingestS)} points/s incl. 3 rollup views)`,
);
console.log('| read of the whole range | median ms | rows scanned | points per series |');
console.log('|---|---|---|---|');
console.log(`| GET /api/v1/metrics (${apiResolution}) | ${apiMs.toFixed(1)} | ~${rollupRows} | ${apiPoints} |`);
console.log(`| same buckets from the 1 min rollup (SQL only, no HTTP) | ${rollupSqlMs.toFixed(1)} | ~${rollupRows} | ${apiPoints} |`);
console.log(`| same buckets from raw 1 s rows (SQL only, no HTTP) | ${rawMs.toFixed(1)} | ${rawRows} | ${apiPoints} |`);
console.log(`SQL ratio raw/rollup: ${(rawMs / rollupSqlMs).toFixed(1)}x`);
