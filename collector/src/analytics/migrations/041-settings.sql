-- Analytics settings the materialized views read (the module writes the configured values at start), the
-- endpoint registry that bounds endpoint cardinality per service, and analytics events (cap warnings).
CREATE TABLE IF NOT EXISTS {{table:analytics_settings}} {{on_cluster}} (
  key LowCardinality(String),
  value Int64,
  updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY key;
{{distributed:analytics_settings}};

CREATE TABLE IF NOT EXISTS {{table:endpoint_registry}} {{on_cluster}} (
  tenant LowCardinality(String),
  service LowCardinality(String),
  endpoint String,
  first_seen SimpleAggregateFunction(min, DateTime('UTC'))
) ENGINE = {{engine:AggregatingMergeTree()}}
ORDER BY (tenant, service, endpoint);
{{distributed:endpoint_registry}};

CREATE TABLE IF NOT EXISTS {{table:analytics_events}} {{on_cluster}} (
  tenant LowCardinality(String),
  time DateTime64(3, 'UTC'),
  type LowCardinality(String),
  severity LowCardinality(String),
  service LowCardinality(String),
  message String
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toYYYYMM(time)
ORDER BY (tenant, service, time)
TTL toDateTime(time) + toIntervalDay(90);
{{distributed:analytics_events}};
