-- Resource timings of page loads, one row per resource (decoded from the compact beacon encoding).
CREATE TABLE IF NOT EXISTS {{table:eum_resources}} {{on_cluster}} (
  tenant LowCardinality(String) CODEC(ZSTD(1)),
  website_id LowCardinality(String) CODEC(ZSTD(1)),
  timestamp DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  session_id String CODEC(ZSTD(1)),
  page_load_id String CODEC(ZSTD(1)),
  page LowCardinality(String) CODEC(ZSTD(1)),
  url String CODEC(ZSTD(3)),
  origin LowCardinality(String) CODEC(ZSTD(1)),
  initiator LowCardinality(String) CODEC(ZSTD(1)),
  cache LowCardinality(String) CODEC(ZSTD(1)),
  start_ms Float64 CODEC(ZSTD(1)),
  duration_ms Float64 CODEC(ZSTD(1)),
  transfer_size UInt64 CODEC(T64, ZSTD(1)),
  encoded_size UInt64 CODEC(T64, ZSTD(1)),
  decoded_size UInt64 CODEC(T64, ZSTD(1)),
  browser LowCardinality(String) CODEC(ZSTD(1)),
  country LowCardinality(String) CODEC(ZSTD(1))
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toDate(timestamp)
ORDER BY (tenant, website_id, timestamp)
TTL toDateTime(timestamp) + toIntervalDay({{retention_days}});
{{distributed:eum_resources:cityHash64(page_load_id)}};
