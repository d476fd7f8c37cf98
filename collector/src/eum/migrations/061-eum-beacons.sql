-- EUM beacons, one row per beacon: page loads, final web vitals, page changes, HTTP calls, errors, custom
-- events. Vitals are -1 when absent. The client IP is stored anonymized (last IPv4 octet / last 80 bits of IPv6).
CREATE TABLE IF NOT EXISTS {{table:eum_beacons}} {{on_cluster}} (
  tenant LowCardinality(String) CODEC(ZSTD(1)),
  website_id LowCardinality(String) CODEC(ZSTD(1)),
  timestamp DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  kind LowCardinality(String) CODEC(ZSTD(1)),
  session_id String CODEC(ZSTD(1)),
  page_load_id String CODEC(ZSTD(1)),
  page LowCardinality(String) CODEC(ZSTD(1)),
  url String CODEC(ZSTD(3)),
  user_id String CODEC(ZSTD(1)),
  user_name String CODEC(ZSTD(1)),
  user_email String CODEC(ZSTD(1)),
  meta Map(LowCardinality(String), String) CODEC(ZSTD(3)),
  browser LowCardinality(String) CODEC(ZSTD(1)),
  browser_version LowCardinality(String) CODEC(ZSTD(1)),
  os LowCardinality(String) CODEC(ZSTD(1)),
  os_version LowCardinality(String) CODEC(ZSTD(1)),
  device LowCardinality(String) CODEC(ZSTD(1)),
  country LowCardinality(String) CODEC(ZSTD(1)),
  client_ip String CODEC(ZSTD(1)),
  duration_ms Float64 DEFAULT -1 CODEC(ZSTD(1)),
  ttfb Float64 DEFAULT -1 CODEC(ZSTD(1)),
  fcp Float64 DEFAULT -1 CODEC(ZSTD(1)),
  lcp Float64 DEFAULT -1 CODEC(ZSTD(1)),
  cls Float64 DEFAULT -1 CODEC(ZSTD(1)),
  inp Float64 DEFAULT -1 CODEC(ZSTD(1)),
  timings Map(LowCardinality(String), Float64) CODEC(ZSTD(3)),
  attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
  http_method LowCardinality(String) CODEC(ZSTD(1)),
  http_status Int16 CODEC(T64, ZSTD(1)),
  backend_trace_id String CODEC(ZSTD(1)),
  trace_id String CODEC(ZSTD(1)),
  error_message String CODEC(ZSTD(3)),
  error_stack String CODEC(ZSTD(3)),
  error_type LowCardinality(String) CODEC(ZSTD(1)),
  error_count UInt32 CODEC(T64, ZSTD(1)),
  name LowCardinality(String) CODEC(ZSTD(1)),
  INDEX idx_session session_id TYPE bloom_filter(0.01) GRANULARITY 4,
  INDEX idx_backend_trace backend_trace_id TYPE bloom_filter(0.01) GRANULARITY 4
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toDate(timestamp)
ORDER BY (tenant, website_id, kind, timestamp)
TTL toDateTime(timestamp) + toIntervalDay({{retention_days}});
{{distributed:eum_beacons:cityHash64(session_id)}};
