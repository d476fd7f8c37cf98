-- The span skeleton: every span reduced to what the call resolver and the endpoint KPIs need (ids, kind,
-- service, endpoint with the cardinality cap applied, timing, error flags, the peer attributes that name an
-- inferred service). Ordered by (tenant, trace_id) so the resolver reads whole traces cheaply, whatever order
-- and batch their spans arrived in.
CREATE TABLE IF NOT EXISTS {{table:span_skeleton}} {{on_cluster}} (
  tenant LowCardinality(String),
  trace_id FixedString(16),
  span_id FixedString(8),
  parent_span_id FixedString(8),
  kind UInt8,
  timestamp DateTime64(9, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  duration_ns UInt64 CODEC(T64, ZSTD(1)),
  has_error Bool,
  http_status UInt16,
  service LowCardinality(String),
  endpoint LowCardinality(String),
  db_system LowCardinality(String),
  db_namespace LowCardinality(String),
  server_address LowCardinality(String),
  messaging_system LowCardinality(String),
  messaging_destination LowCardinality(String),
  peer_service LowCardinality(String),
  inserted_at DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1))
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toDate(timestamp)
ORDER BY (tenant, trace_id, span_id)
TTL toDateTime(timestamp) + toIntervalDay({{retention_days}})
SETTINGS ttl_only_drop_parts = 1;
{{distributed:span_skeleton:cityHash64(trace_id)}};

-- New endpoints are admitted while the service is under the cap (`max_endpoints_per_service`, default 1000).
CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:endpoint_registry_mv}} {{on_cluster}} TO {{table:endpoint_registry}} AS
SELECT tenant, service, ep AS endpoint, min(toDateTime(timestamp)) AS first_seen
FROM (
  SELECT tenant, service, timestamp,
    argus_endpoint_v1(name, http_method, http_route, url_path, url_full, rpc_service, rpc_method, db_system, db_operation, db_collection, db_statement, messaging_system, messaging_destination) AS ep
  FROM {{table:spans}} WHERE kind IN (2, 5)
)
WHERE (tenant, service, ep) NOT IN (SELECT tenant, service, endpoint FROM endpoint_registry)
  AND (tenant, service) NOT IN (
    SELECT tenant, service FROM endpoint_registry GROUP BY tenant, service
    HAVING uniqExact(endpoint) >= (SELECT if(count() = 0, 1000, argMax(value, updated_at)) FROM analytics_settings WHERE key = 'max_endpoints_per_service'))
GROUP BY tenant, service, endpoint;

-- Entry spans (server/consumer) get the capped endpoint ('other' past the cap); client/producer spans keep
-- their own endpoint (it names the call to an inferred service); internal spans keep their name.
CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:span_skeleton_mv}} {{on_cluster}} TO {{table:span_skeleton}} AS
SELECT tenant, trace_id, span_id, parent_span_id, kind, timestamp, duration_ns, has_error, http_status, service,
  if(kind IN (2, 5) AND NOT (
      (tenant, service, ep) IN (SELECT tenant, service, endpoint FROM endpoint_registry)
      OR (tenant, service) NOT IN (
        SELECT tenant, service FROM endpoint_registry GROUP BY tenant, service
        HAVING uniqExact(endpoint) >= (SELECT if(count() = 0, 1000, argMax(value, updated_at)) FROM analytics_settings WHERE key = 'max_endpoints_per_service'))),
    'other', ep) AS endpoint,
  db_system, db_namespace, server_address, messaging_system, messaging_destination, peer_service, inserted_at
FROM (
  SELECT *, argus_endpoint_v1(name, http_method, http_route, url_path, url_full, rpc_service, rpc_method, db_system, db_operation, db_collection, db_statement, messaging_system, messaging_destination) AS ep
  FROM {{table:spans}}
);

-- Which traces got new spans when: the resolver's work queue (read by inserted_at, kept for a day).
CREATE TABLE IF NOT EXISTS {{table:trace_arrivals}} {{on_cluster}} (
  tenant LowCardinality(String),
  inserted_at DateTime64(3, 'UTC'),
  trace_id FixedString(16)
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toStartOfHour(inserted_at)
ORDER BY (tenant, inserted_at, trace_id)
TTL toDateTime(inserted_at) + toIntervalDay(1)
SETTINGS ttl_only_drop_parts = 1;
{{distributed:trace_arrivals:cityHash64(trace_id)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{table:trace_arrivals_mv}} {{on_cluster}} TO {{table:trace_arrivals}} AS
SELECT tenant, max(inserted_at) AS inserted_at, trace_id
FROM {{table:span_skeleton}}
GROUP BY tenant, trace_id;
