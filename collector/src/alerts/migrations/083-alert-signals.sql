-- Signals the alert evaluator needs that no other table offers.
-- alert_downstream_1s: what callers see of their downstream calls, per second, from client/producer spans at
-- insert time (databases, queues and external hosts included, without waiting for the call resolver's grace
-- period): errors and latency per caller and target. Kept 6 hours.
CREATE TABLE IF NOT EXISTS {{table:alert_downstream_1s}} {{on_cluster}} (
  tenant LowCardinality(String),
  ts DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
  service LowCardinality(String),
  db_system LowCardinality(String),
  db_namespace LowCardinality(String),
  server_address LowCardinality(String),
  server_port UInt16,
  messaging_system LowCardinality(String),
  messaging_destination LowCardinality(String),
  peer_service LowCardinality(String),
  calls SimpleAggregateFunction(sum, Int64),
  errors SimpleAggregateFunction(sum, Int64),
  duration_sum SimpleAggregateFunction(sum, Int64)
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toStartOfHour(ts)
ORDER BY (tenant, ts, service, db_system, db_namespace, server_address, server_port, messaging_system, messaging_destination, peer_service)
TTL ts + toIntervalHour(6)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:alert_downstream_1s}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:alert_downstream_1s_mv}} {{on_cluster}} TO {{table:alert_downstream_1s}} AS
SELECT tenant, toStartOfSecond(timestamp) AS ts, service, db_system, db_namespace, server_address, server_port, messaging_system,
  messaging_destination, peer_service, toInt64(count()) AS calls, toInt64(countIf(has_error)) AS errors, toInt64(sum(duration_ns)) AS duration_sum
FROM {{table:spans}}
WHERE kind IN (3, 4)
GROUP BY tenant, ts, service, db_system, db_namespace, server_address, server_port, messaging_system, messaging_destination, peer_service;

-- alert_service_versions: every service.version each service ran, with first and last time seen (deployments).
CREATE TABLE IF NOT EXISTS {{table:alert_service_versions}} {{on_cluster}} (
  tenant LowCardinality(String),
  service LowCardinality(String),
  service_version LowCardinality(String),
  first_seen SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
  last_seen SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
  spans SimpleAggregateFunction(sum, UInt64)
) ENGINE = {{engine:AggregatingMergeTree()}}
ORDER BY (tenant, service, service_version)
TTL toDateTime(last_seen) + toIntervalDay(400);
{{distributed:alert_service_versions}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:alert_service_versions_mv}} {{on_cluster}} TO {{table:alert_service_versions}} AS
SELECT tenant, service, service_version, min(toDateTime64(timestamp, 3)) AS first_seen, max(toDateTime64(timestamp, 3)) AS last_seen, count() AS spans
FROM {{table:spans}}
GROUP BY tenant, service, service_version;
