-- OTLP metrics at full resolution (1-second points are kept as points). Rollups live in the infrastructure module.
CREATE TABLE IF NOT EXISTS {{table:metric_points}} {{on_cluster}} (
  tenant LowCardinality(String) CODEC(ZSTD(1)),
  entity_id LowCardinality(String) CODEC(ZSTD(1)),
  metric LowCardinality(String) CODEC(ZSTD(1)),
  series_id UInt64 CODEC(ZSTD(1)),
  timestamp DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  start_timestamp DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  value Float64 CODEC(Gorilla, ZSTD(1)),
  kind Enum8('gauge' = 1, 'sum' = 2, 'summary' = 3) CODEC(ZSTD(1)),
  temporality Enum8('unspecified' = 0, 'delta' = 1, 'cumulative' = 2) CODEC(ZSTD(1)),
  is_monotonic Bool CODEC(ZSTD(1)),
  unit LowCardinality(String) CODEC(ZSTD(1)),
  service LowCardinality(String) CODEC(ZSTD(1)),
  attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  scope_name LowCardinality(String) CODEC(ZSTD(1)),
  flags UInt32 CODEC(T64, ZSTD(1))
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toDate(timestamp)
ORDER BY (tenant, entity_id, metric, series_id, timestamp)
TTL toDateTime(timestamp) + toIntervalHour({{metrics_raw_retention_hours}})
SETTINGS ttl_only_drop_parts = 1;
{{distributed:metric_points:cityHash64(entity_id)}};

CREATE TABLE IF NOT EXISTS {{table:metric_histograms}} {{on_cluster}} (
  tenant LowCardinality(String) CODEC(ZSTD(1)),
  entity_id LowCardinality(String) CODEC(ZSTD(1)),
  metric LowCardinality(String) CODEC(ZSTD(1)),
  series_id UInt64 CODEC(ZSTD(1)),
  timestamp DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  start_timestamp DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  temporality Enum8('unspecified' = 0, 'delta' = 1, 'cumulative' = 2) CODEC(ZSTD(1)),
  unit LowCardinality(String) CODEC(ZSTD(1)),
  service LowCardinality(String) CODEC(ZSTD(1)),
  attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  scope_name LowCardinality(String) CODEC(ZSTD(1)),
  count UInt64 CODEC(T64, ZSTD(1)),
  sum Float64 CODEC(Gorilla, ZSTD(1)),
  min Float64 CODEC(Gorilla, ZSTD(1)),
  max Float64 CODEC(Gorilla, ZSTD(1)),
  bucket_counts Array(UInt64) CODEC(ZSTD(1)),
  explicit_bounds Array(Float64) CODEC(ZSTD(1)),
  exponential Bool CODEC(ZSTD(1)),
  exp_scale Int32 CODEC(ZSTD(1)),
  exp_zero_count UInt64 CODEC(ZSTD(1)),
  exp_positive_offset Int32 CODEC(ZSTD(1)),
  exp_positive_counts Array(UInt64) CODEC(ZSTD(1)),
  exp_negative_offset Int32 CODEC(ZSTD(1)),
  exp_negative_counts Array(UInt64) CODEC(ZSTD(1)),
  flags UInt32 CODEC(T64, ZSTD(1))
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toDate(timestamp)
ORDER BY (tenant, entity_id, metric, series_id, timestamp)
TTL toDateTime(timestamp) + toIntervalDay({{retention_days}})
SETTINGS ttl_only_drop_parts = 1;
{{distributed:metric_histograms:cityHash64(entity_id)}};
