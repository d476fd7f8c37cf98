-- Edge KPIs from resolved calls (signed rows, so retractions subtract exactly); callee_type is 'service' for
-- instrumented callees, else 'database', 'messaging' or 'external' (inferred services). errors: status ERROR
-- on the server span (or on the client span of an inferred call); client_errors: the client saw HTTP >= 400.

CREATE TABLE IF NOT EXISTS {{table:edge_kpi_1s}} {{on_cluster}} (
  tenant LowCardinality(String),
  ts DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
  caller_service LowCardinality(String),
  caller_endpoint LowCardinality(String),
  callee_service LowCardinality(String),
  callee_endpoint LowCardinality(String),
  callee_type LowCardinality(String),
  calls SimpleAggregateFunction(sum, Int64),
  errors SimpleAggregateFunction(sum, Int64),
  client_errors SimpleAggregateFunction(sum, Int64),
  duration_sum SimpleAggregateFunction(sum, Int64),
  hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(Int64)))
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toStartOfHour(ts)
ORDER BY (tenant, ts, caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type)
TTL ts + toIntervalHour(6)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:edge_kpi_1s}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:edge_kpi_1s_mv}} {{on_cluster}} TO {{table:edge_kpi_1s}} AS
SELECT tenant, toStartOfSecond(ts) AS ts, caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type,
  toInt64(sum(sign)) AS calls, toInt64(sum(sign * is_error)) AS errors, toInt64(sum(sign * client_error)) AS client_errors,
  toInt64(sum(sign * toInt64(duration_ns))) AS duration_sum, sumMap(([argus_lat_bucket_v1(duration_ns)], [toInt64(sign)])) AS hist
FROM {{table:calls}}
GROUP BY tenant, ts, caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type;

CREATE TABLE IF NOT EXISTS {{table:edge_kpi_1m}} {{on_cluster}} (
  tenant LowCardinality(String),
  ts DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
  caller_service LowCardinality(String),
  caller_endpoint LowCardinality(String),
  callee_service LowCardinality(String),
  callee_endpoint LowCardinality(String),
  callee_type LowCardinality(String),
  calls SimpleAggregateFunction(sum, Int64),
  errors SimpleAggregateFunction(sum, Int64),
  client_errors SimpleAggregateFunction(sum, Int64),
  duration_sum SimpleAggregateFunction(sum, Int64),
  hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(Int64)))
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toDate(ts)
ORDER BY (tenant, ts, caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type)
TTL ts + toIntervalDay(35)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:edge_kpi_1m}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:edge_kpi_1m_mv}} {{on_cluster}} TO {{table:edge_kpi_1m}} AS
SELECT tenant, toStartOfMinute(ts) AS ts, caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type, sum(calls) AS calls, sum(errors) AS errors, sum(client_errors) AS client_errors,
  sum(duration_sum) AS duration_sum, sumMap(hist) AS hist
FROM {{table:edge_kpi_1s}}
GROUP BY tenant, ts, caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type;

CREATE TABLE IF NOT EXISTS {{table:edge_kpi_1h}} {{on_cluster}} (
  tenant LowCardinality(String),
  ts DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
  caller_service LowCardinality(String),
  caller_endpoint LowCardinality(String),
  callee_service LowCardinality(String),
  callee_endpoint LowCardinality(String),
  callee_type LowCardinality(String),
  calls SimpleAggregateFunction(sum, Int64),
  errors SimpleAggregateFunction(sum, Int64),
  client_errors SimpleAggregateFunction(sum, Int64),
  duration_sum SimpleAggregateFunction(sum, Int64),
  hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(Int64)))
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ts, caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type)
TTL ts + toIntervalDay(400)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:edge_kpi_1h}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:edge_kpi_1h_mv}} {{on_cluster}} TO {{table:edge_kpi_1h}} AS
SELECT tenant, toStartOfHour(ts) AS ts, caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type, sum(calls) AS calls, sum(errors) AS errors, sum(client_errors) AS client_errors,
  sum(duration_sum) AS duration_sum, sumMap(hist) AS hist
FROM {{table:edge_kpi_1m}}
GROUP BY tenant, ts, caller_service, caller_endpoint, callee_service, callee_endpoint, callee_type;
