-- Resolved calls, written only by the call resolver (resolver/*.ts). A call is a client/producer span plus
-- its server/consumer child, or a client span with no child after the grace period (a call to an inferred
-- service). Rows are signed: when a late server span turns an inferred call into a resolved one, the
-- resolver writes the inferred row again with sign -1, so every sum over `sign` stays exact.
CREATE TABLE IF NOT EXISTS {{table:calls}} {{on_cluster}} (
  tenant LowCardinality(String),
  ts DateTime64(3, 'UTC'),
  trace_id_hex String EPHEMERAL,
  client_span_id_hex String EPHEMERAL,
  server_span_id_hex String EPHEMERAL,
  trace_id FixedString(16) DEFAULT unhex(trace_id_hex),
  client_span_id FixedString(8) DEFAULT unhex(client_span_id_hex),
  server_span_id FixedString(8) DEFAULT unhex(server_span_id_hex),
  caller_service LowCardinality(String),
  caller_endpoint LowCardinality(String),
  callee_service LowCardinality(String),
  callee_endpoint LowCardinality(String),
  callee_type LowCardinality(String),
  duration_ns UInt64 CODEC(T64, ZSTD(1)),
  is_error UInt8,
  client_error UInt8,
  sign Int8,
  emitted_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toDate(ts)
ORDER BY (tenant, trace_id, client_span_id)
TTL toDateTime(ts) + toIntervalDay({{retention_days}})
SETTINGS ttl_only_drop_parts = 1;
{{distributed:calls:cityHash64(trace_id)}};
