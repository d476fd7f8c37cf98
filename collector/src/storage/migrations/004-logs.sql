-- OTLP logs.
CREATE TABLE IF NOT EXISTS {{table:logs}} {{on_cluster}} (
  tenant LowCardinality(String) CODEC(ZSTD(1)),
  timestamp DateTime64(9, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  observed_timestamp DateTime64(9, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  trace_id_hex String EPHEMERAL,
  span_id_hex String EPHEMERAL,
  trace_id FixedString(16) DEFAULT unhex(trace_id_hex) CODEC(ZSTD(1)),
  span_id FixedString(8) DEFAULT unhex(span_id_hex) CODEC(ZSTD(1)),
  flags UInt32 CODEC(T64, ZSTD(1)),
  severity_text LowCardinality(String) CODEC(ZSTD(1)),
  severity_number UInt8 CODEC(T64, ZSTD(1)),
  service LowCardinality(String) CODEC(ZSTD(1)),
  entity_id LowCardinality(String) CODEC(ZSTD(1)),
  event_name LowCardinality(String) CODEC(ZSTD(1)),
  body String CODEC(ZSTD(3)),
  body_typed String CODEC(ZSTD(3)),
  attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
  attributes_typed Map(LowCardinality(String), String) CODEC(ZSTD(3)),
  resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
  resource_attributes_typed Map(LowCardinality(String), String) CODEC(ZSTD(3)),
  scope_name LowCardinality(String) CODEC(ZSTD(1)),
  scope_version LowCardinality(String) CODEC(ZSTD(1)),
  INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_body body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toDate(timestamp)
ORDER BY (tenant, service, severity_number, timestamp)
TTL toDateTime(timestamp) + toIntervalDay({{retention_days}})
SETTINGS ttl_only_drop_parts = 1;
{{distributed:logs:rand()}};
