-- Metric rollups: 10 s, 1 min and 1 h aggregates of metric_points (number points), each filled by its own
-- materialized view on insert. Per series and bucket: min/max/sum/count of the values (gauges: avg = sum/count) and
-- the last value with its time and start time (cumulative sums: rates are derived at query time from consecutive
-- buckets' last values; a later start time or a smaller value marks a counter reset). Retention: 10 s 7 days,
-- 1 min 30 days, 1 h 400 days (raw 1 s points follow ARGUS_METRICS_RAW_RETENTION_HOURS, default 48 h).
-- Series descriptors (kind, unit, attributes...) are any() of the series (they depend on series_id).
-- Reads must re-aggregate (parts may not be merged yet): min(min), max(max), sum(sum), sum(count),
-- argMaxMerge(last_value), max(last_time), argMaxMerge(last_start).

CREATE TABLE IF NOT EXISTS {{table:metric_rollup_10s}} {{on_cluster}} (
  tenant LowCardinality(String) CODEC(ZSTD(1)),
  entity_id LowCardinality(String) CODEC(ZSTD(1)),
  metric LowCardinality(String) CODEC(ZSTD(1)),
  series_id UInt64 CODEC(ZSTD(1)),
  bucket DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
  kind SimpleAggregateFunction(any, Enum8('gauge' = 1, 'sum' = 2, 'summary' = 3)) CODEC(ZSTD(1)),
  temporality SimpleAggregateFunction(any, Enum8('unspecified' = 0, 'delta' = 1, 'cumulative' = 2)) CODEC(ZSTD(1)),
  is_monotonic SimpleAggregateFunction(any, Bool) CODEC(ZSTD(1)),
  unit SimpleAggregateFunction(any, String) CODEC(ZSTD(1)),
  service SimpleAggregateFunction(any, String) CODEC(ZSTD(1)),
  attributes SimpleAggregateFunction(any, Map(String, String)) CODEC(ZSTD(1)),
  min SimpleAggregateFunction(min, Float64) CODEC(Gorilla, ZSTD(1)),
  max SimpleAggregateFunction(max, Float64) CODEC(Gorilla, ZSTD(1)),
  sum SimpleAggregateFunction(sum, Float64) CODEC(Gorilla, ZSTD(1)),
  count SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  last_value AggregateFunction(argMax, Float64, DateTime64(3, 'UTC')),
  last_time SimpleAggregateFunction(max, DateTime64(3, 'UTC')) CODEC(DoubleDelta, ZSTD(1)),
  last_start AggregateFunction(argMax, DateTime64(3, 'UTC'), DateTime64(3, 'UTC'))
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toDate(bucket)
ORDER BY (tenant, entity_id, metric, series_id, bucket)
TTL bucket + toIntervalDay(7)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:metric_rollup_10s:cityHash64(entity_id)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:metric_rollup_10s_mv}} {{on_cluster}} TO {{table:metric_rollup_10s}} AS
SELECT
  tenant, entity_id, metric, series_id,
  toStartOfInterval(toDateTime(timestamp, 'UTC'), INTERVAL 10 SECOND) AS bucket,
  any(kind) AS kind, any(temporality) AS temporality, any(is_monotonic) AS is_monotonic, any(unit) AS unit,
  any(service) AS service, any(attributes) AS attributes,
  min(value) AS min, max(value) AS max, sum(value) AS sum, count() AS count,
  argMaxState(value, timestamp) AS last_value,
  max(timestamp) AS last_time,
  argMaxState(start_timestamp, timestamp) AS last_start
FROM {{table:metric_points}}
GROUP BY tenant, entity_id, metric, series_id, bucket;

CREATE TABLE IF NOT EXISTS {{table:metric_rollup_1m}} {{on_cluster}} (
  tenant LowCardinality(String) CODEC(ZSTD(1)),
  entity_id LowCardinality(String) CODEC(ZSTD(1)),
  metric LowCardinality(String) CODEC(ZSTD(1)),
  series_id UInt64 CODEC(ZSTD(1)),
  bucket DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
  kind SimpleAggregateFunction(any, Enum8('gauge' = 1, 'sum' = 2, 'summary' = 3)) CODEC(ZSTD(1)),
  temporality SimpleAggregateFunction(any, Enum8('unspecified' = 0, 'delta' = 1, 'cumulative' = 2)) CODEC(ZSTD(1)),
  is_monotonic SimpleAggregateFunction(any, Bool) CODEC(ZSTD(1)),
  unit SimpleAggregateFunction(any, String) CODEC(ZSTD(1)),
  service SimpleAggregateFunction(any, String) CODEC(ZSTD(1)),
  attributes SimpleAggregateFunction(any, Map(String, String)) CODEC(ZSTD(1)),
  min SimpleAggregateFunction(min, Float64) CODEC(Gorilla, ZSTD(1)),
  max SimpleAggregateFunction(max, Float64) CODEC(Gorilla, ZSTD(1)),
  sum SimpleAggregateFunction(sum, Float64) CODEC(Gorilla, ZSTD(1)),
  count SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  last_value AggregateFunction(argMax, Float64, DateTime64(3, 'UTC')),
  last_time SimpleAggregateFunction(max, DateTime64(3, 'UTC')) CODEC(DoubleDelta, ZSTD(1)),
  last_start AggregateFunction(argMax, DateTime64(3, 'UTC'), DateTime64(3, 'UTC'))
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toMonday(bucket)
ORDER BY (tenant, entity_id, metric, series_id, bucket)
TTL bucket + toIntervalDay(30)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:metric_rollup_1m:cityHash64(entity_id)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:metric_rollup_1m_mv}} {{on_cluster}} TO {{table:metric_rollup_1m}} AS
SELECT
  tenant, entity_id, metric, series_id,
  toStartOfInterval(toDateTime(timestamp, 'UTC'), INTERVAL 60 SECOND) AS bucket,
  any(kind) AS kind, any(temporality) AS temporality, any(is_monotonic) AS is_monotonic, any(unit) AS unit,
  any(service) AS service, any(attributes) AS attributes,
  min(value) AS min, max(value) AS max, sum(value) AS sum, count() AS count,
  argMaxState(value, timestamp) AS last_value,
  max(timestamp) AS last_time,
  argMaxState(start_timestamp, timestamp) AS last_start
FROM {{table:metric_points}}
GROUP BY tenant, entity_id, metric, series_id, bucket;

CREATE TABLE IF NOT EXISTS {{table:metric_rollup_1h}} {{on_cluster}} (
  tenant LowCardinality(String) CODEC(ZSTD(1)),
  entity_id LowCardinality(String) CODEC(ZSTD(1)),
  metric LowCardinality(String) CODEC(ZSTD(1)),
  series_id UInt64 CODEC(ZSTD(1)),
  bucket DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
  kind SimpleAggregateFunction(any, Enum8('gauge' = 1, 'sum' = 2, 'summary' = 3)) CODEC(ZSTD(1)),
  temporality SimpleAggregateFunction(any, Enum8('unspecified' = 0, 'delta' = 1, 'cumulative' = 2)) CODEC(ZSTD(1)),
  is_monotonic SimpleAggregateFunction(any, Bool) CODEC(ZSTD(1)),
  unit SimpleAggregateFunction(any, String) CODEC(ZSTD(1)),
  service SimpleAggregateFunction(any, String) CODEC(ZSTD(1)),
  attributes SimpleAggregateFunction(any, Map(String, String)) CODEC(ZSTD(1)),
  min SimpleAggregateFunction(min, Float64) CODEC(Gorilla, ZSTD(1)),
  max SimpleAggregateFunction(max, Float64) CODEC(Gorilla, ZSTD(1)),
  sum SimpleAggregateFunction(sum, Float64) CODEC(Gorilla, ZSTD(1)),
  count SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  last_value AggregateFunction(argMax, Float64, DateTime64(3, 'UTC')),
  last_time SimpleAggregateFunction(max, DateTime64(3, 'UTC')) CODEC(DoubleDelta, ZSTD(1)),
  last_start AggregateFunction(argMax, DateTime64(3, 'UTC'), DateTime64(3, 'UTC'))
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toYYYYMM(bucket)
ORDER BY (tenant, entity_id, metric, series_id, bucket)
TTL bucket + toIntervalDay(400)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:metric_rollup_1h:cityHash64(entity_id)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:metric_rollup_1h_mv}} {{on_cluster}} TO {{table:metric_rollup_1h}} AS
SELECT
  tenant, entity_id, metric, series_id,
  toStartOfInterval(toDateTime(timestamp, 'UTC'), INTERVAL 3600 SECOND) AS bucket,
  any(kind) AS kind, any(temporality) AS temporality, any(is_monotonic) AS is_monotonic, any(unit) AS unit,
  any(service) AS service, any(attributes) AS attributes,
  min(value) AS min, max(value) AS max, sum(value) AS sum, count() AS count,
  argMaxState(value, timestamp) AS last_value,
  max(timestamp) AS last_time,
  argMaxState(start_timestamp, timestamp) AS last_start
FROM {{table:metric_points}}
GROUP BY tenant, entity_id, metric, series_id, bucket;
