-- Endpoint (and, summed, service) KPIs from entry spans (server/consumer) at 1 s, rolled up to 1 min and 1 h by
-- chained views. Counts, errors (status ERROR or HTTP 5xx), client_errors (HTTP 4xx), duration sum (mean) and
-- a log-bucket latency histogram (see argus_lat_bucket_v1). 1 s kept 6 h, 1 min 35 days, 1 h 400 days.

CREATE TABLE IF NOT EXISTS {{table:endpoint_kpi_1s}} {{on_cluster}} (
  tenant LowCardinality(String),
  ts DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
  service LowCardinality(String),
  endpoint LowCardinality(String),
  calls SimpleAggregateFunction(sum, Int64),
  errors SimpleAggregateFunction(sum, Int64),
  client_errors SimpleAggregateFunction(sum, Int64),
  duration_sum SimpleAggregateFunction(sum, Int64),
  hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(Int64)))
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toStartOfHour(ts)
ORDER BY (tenant, ts, service, endpoint)
TTL ts + toIntervalHour(6)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:endpoint_kpi_1s}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:endpoint_kpi_1s_mv}} {{on_cluster}} TO {{table:endpoint_kpi_1s}} AS
SELECT tenant, toStartOfSecond(timestamp) AS ts, service, endpoint, toInt64(count()) AS calls, toInt64(countIf(has_error)) AS errors,
  toInt64(countIf(http_status >= 400 AND http_status < 500)) AS client_errors, toInt64(sum(duration_ns)) AS duration_sum,
  sumMap(([argus_lat_bucket_v1(duration_ns)], [toInt64(1)])) AS hist
FROM {{table:span_skeleton}}
WHERE kind IN (2, 5)
GROUP BY tenant, ts, service, endpoint;

CREATE TABLE IF NOT EXISTS {{table:endpoint_kpi_1m}} {{on_cluster}} (
  tenant LowCardinality(String),
  ts DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
  service LowCardinality(String),
  endpoint LowCardinality(String),
  calls SimpleAggregateFunction(sum, Int64),
  errors SimpleAggregateFunction(sum, Int64),
  client_errors SimpleAggregateFunction(sum, Int64),
  duration_sum SimpleAggregateFunction(sum, Int64),
  hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(Int64)))
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toDate(ts)
ORDER BY (tenant, ts, service, endpoint)
TTL ts + toIntervalDay(35)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:endpoint_kpi_1m}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:endpoint_kpi_1m_mv}} {{on_cluster}} TO {{table:endpoint_kpi_1m}} AS
SELECT tenant, toStartOfMinute(ts) AS ts, service, endpoint, sum(calls) AS calls, sum(errors) AS errors, sum(client_errors) AS client_errors,
  sum(duration_sum) AS duration_sum, sumMap(hist) AS hist
FROM {{table:endpoint_kpi_1s}}
GROUP BY tenant, ts, service, endpoint;

CREATE TABLE IF NOT EXISTS {{table:endpoint_kpi_1h}} {{on_cluster}} (
  tenant LowCardinality(String),
  ts DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
  service LowCardinality(String),
  endpoint LowCardinality(String),
  calls SimpleAggregateFunction(sum, Int64),
  errors SimpleAggregateFunction(sum, Int64),
  client_errors SimpleAggregateFunction(sum, Int64),
  duration_sum SimpleAggregateFunction(sum, Int64),
  hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(Int64)))
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ts, service, endpoint)
TTL ts + toIntervalDay(400)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:endpoint_kpi_1h}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:endpoint_kpi_1h_mv}} {{on_cluster}} TO {{table:endpoint_kpi_1h}} AS
SELECT tenant, toStartOfHour(ts) AS ts, service, endpoint, sum(calls) AS calls, sum(errors) AS errors, sum(client_errors) AS client_errors,
  sum(duration_sum) AS duration_sum, sumMap(hist) AS hist
FROM {{table:endpoint_kpi_1m}}
GROUP BY tenant, ts, service, endpoint;
