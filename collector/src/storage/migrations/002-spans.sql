-- Spans: binary ids (hex accepted through EPHEMERAL columns), LowCardinality names, promoted attributes,
-- Maps for the rest (string values in `attributes`, other types tagged in `attributes_typed`), codecs,
-- daily partitions and a retention TTL.
CREATE TABLE IF NOT EXISTS {{table:spans}} {{on_cluster}} (
  tenant LowCardinality(String) CODEC(ZSTD(1)),
  timestamp DateTime64(9, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  trace_id_hex String EPHEMERAL,
  span_id_hex String EPHEMERAL,
  parent_span_id_hex String EPHEMERAL,
  trace_id FixedString(16) DEFAULT unhex(trace_id_hex) CODEC(ZSTD(1)),
  span_id FixedString(8) DEFAULT unhex(span_id_hex) CODEC(ZSTD(1)),
  parent_span_id FixedString(8) DEFAULT unhex(parent_span_id_hex) CODEC(ZSTD(1)),
  trace_state String CODEC(ZSTD(1)),
  flags UInt32 CODEC(T64, ZSTD(1)),
  name LowCardinality(String) CODEC(ZSTD(1)),
  kind UInt8 CODEC(T64, ZSTD(1)),
  duration_ns UInt64 CODEC(T64, ZSTD(1)),
  end_timestamp DateTime64(9, 'UTC') ALIAS addNanoseconds(timestamp, duration_ns),
  status_code UInt8 CODEC(T64, ZSTD(1)),
  status_message String CODEC(ZSTD(1)),
  has_error Bool CODEC(ZSTD(1)),
  service LowCardinality(String) CODEC(ZSTD(1)),
  service_version LowCardinality(String) CODEC(ZSTD(1)),
  service_instance LowCardinality(String) CODEC(ZSTD(1)),
  host_name LowCardinality(String) CODEC(ZSTD(1)),
  entity_id LowCardinality(String) CODEC(ZSTD(1)),
  process_pid UInt32 CODEC(T64, ZSTD(1)),
  container_id LowCardinality(String) CODEC(ZSTD(1)),
  k8s_pod_uid LowCardinality(String) CODEC(ZSTD(1)),
  scope_name LowCardinality(String) CODEC(ZSTD(1)),
  scope_version LowCardinality(String) CODEC(ZSTD(1)),
  http_method LowCardinality(String) CODEC(ZSTD(1)),
  http_route LowCardinality(String) CODEC(ZSTD(1)),
  http_status UInt16 CODEC(T64, ZSTD(1)),
  url_path String CODEC(ZSTD(3)),
  url_full String CODEC(ZSTD(3)),
  server_address LowCardinality(String) CODEC(ZSTD(1)),
  server_port UInt16 CODEC(T64, ZSTD(1)),
  db_system LowCardinality(String) CODEC(ZSTD(1)),
  db_namespace LowCardinality(String) CODEC(ZSTD(1)),
  db_operation LowCardinality(String) CODEC(ZSTD(1)),
  db_collection LowCardinality(String) CODEC(ZSTD(1)),
  db_statement String CODEC(ZSTD(3)),
  messaging_system LowCardinality(String) CODEC(ZSTD(1)),
  messaging_destination LowCardinality(String) CODEC(ZSTD(1)),
  rpc_system LowCardinality(String) CODEC(ZSTD(1)),
  rpc_service LowCardinality(String) CODEC(ZSTD(1)),
  rpc_method LowCardinality(String) CODEC(ZSTD(1)),
  peer_service LowCardinality(String) CODEC(ZSTD(1)),
  attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
  attributes_typed Map(LowCardinality(String), String) CODEC(ZSTD(3)),
  resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
  resource_attributes_typed Map(LowCardinality(String), String) CODEC(ZSTD(3)),
  `events.timestamp` Array(DateTime64(9, 'UTC')) CODEC(ZSTD(1)),
  `events.name` Array(LowCardinality(String)) CODEC(ZSTD(1)),
  `events.attributes` Array(Map(LowCardinality(String), String)) CODEC(ZSTD(3)),
  `links.trace_id` Array(String) CODEC(ZSTD(1)),
  `links.span_id` Array(String) CODEC(ZSTD(1)),
  `links.trace_state` Array(String) CODEC(ZSTD(1)),
  `links.attributes` Array(Map(LowCardinality(String), String)) CODEC(ZSTD(3)),
  inserted_at DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(DoubleDelta, ZSTD(1)),
  INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_attr_keys mapKeys(attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_values mapValues(attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_duration duration_ns TYPE minmax GRANULARITY 1,
  INDEX idx_has_error has_error TYPE set(2) GRANULARITY 1
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toDate(timestamp)
ORDER BY (tenant, service, name, timestamp)
TTL toDateTime(timestamp) + toIntervalDay({{retention_days}})
SETTINGS ttl_only_drop_parts = 1;
{{distributed:spans:cityHash64(trace_id)}};

-- Trace id -> time range, so fetching one trace reads one narrow slice of spans.
CREATE TABLE IF NOT EXISTS {{table:trace_index}} {{on_cluster}} (
  tenant LowCardinality(String),
  trace_id FixedString(16),
  start SimpleAggregateFunction(min, DateTime64(9, 'UTC')),
  end SimpleAggregateFunction(max, DateTime64(9, 'UTC')),
  spans SimpleAggregateFunction(sum, UInt64)
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toDate(start)
ORDER BY (tenant, trace_id)
TTL toDateTime(start) + toIntervalDay({{retention_days}});
{{distributed:trace_index:cityHash64(trace_id)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:trace_index_mv}} {{on_cluster}} TO {{table:trace_index}} AS
SELECT tenant, trace_id, min(timestamp) AS start, max(addNanoseconds(timestamp, duration_ns)) AS end, count() AS spans
FROM {{table:spans}}
GROUP BY tenant, trace_id;
