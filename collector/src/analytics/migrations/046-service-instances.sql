-- Where each service runs: one row per (service, host, container, process, entity, instance) with first/last
-- seen and a span count, from the resource attributes promoted on spans (host.name, host.id, container.id,
-- k8s.pod.uid, process.pid, argus.entity.id, service.instance.id).
CREATE TABLE IF NOT EXISTS {{table:service_instances}} {{on_cluster}} (
  tenant LowCardinality(String),
  service LowCardinality(String),
  host_name LowCardinality(String),
  host_id LowCardinality(String),
  container_id LowCardinality(String),
  k8s_pod_uid LowCardinality(String),
  process_pid UInt32,
  entity_id LowCardinality(String),
  service_instance LowCardinality(String),
  first_seen SimpleAggregateFunction(min, DateTime('UTC')),
  last_seen SimpleAggregateFunction(max, DateTime('UTC')),
  spans SimpleAggregateFunction(sum, UInt64)
) ENGINE = {{engine:AggregatingMergeTree()}}
ORDER BY (tenant, service, host_name, host_id, container_id, k8s_pod_uid, process_pid, entity_id, service_instance)
TTL last_seen + toIntervalDay({{retention_days}});
{{distributed:service_instances}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:service_instances_mv}} {{on_cluster}} TO {{table:service_instances}} AS
SELECT tenant, service, host_name, resource_attributes['host.id'] AS host_id, container_id, k8s_pod_uid, process_pid, entity_id,
  service_instance, min(toDateTime(timestamp)) AS first_seen, max(toDateTime(timestamp)) AS last_seen, count() AS spans
FROM {{table:spans}}
GROUP BY tenant, service, host_name, host_id, container_id, k8s_pod_uid, process_pid, entity_id, service_instance;

-- Resolver watermarks, so a restart resumes where it stopped (re-reconciling a window is harmless).
CREATE TABLE IF NOT EXISTS {{table:analytics_state}} {{on_cluster}} (
  key LowCardinality(String),
  value Int64,
  updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY key;
{{distributed:analytics_state}};

-- Spans per service and minute (all kinds), for the span counts in the service list.
CREATE TABLE IF NOT EXISTS {{table:service_spans_1m}} {{on_cluster}} (
  tenant LowCardinality(String),
  ts DateTime('UTC'),
  service LowCardinality(String),
  spans SimpleAggregateFunction(sum, UInt64)
) ENGINE = {{engine:AggregatingMergeTree()}}
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ts, service)
TTL ts + toIntervalDay({{retention_days}});
{{distributed:service_spans_1m}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:service_spans_1m_mv}} {{on_cluster}} TO {{table:service_spans_1m}} AS
SELECT tenant, toStartOfMinute(timestamp) AS ts, service, count() AS spans
FROM {{table:spans}}
GROUP BY tenant, ts, service;
