-- Events: changes (deployments, process/container start and stop, configuration changes), issues (built-in and
-- alert-rule breaches) and incidents. One row per state change; the highest version per id wins. `details`
-- holds the JSON the API shows (signal values, timeline, related events, root cause and its explanation).
CREATE TABLE IF NOT EXISTS {{table:alert_events}} {{on_cluster}} (
  tenant LowCardinality(String),
  id String,
  type LowCardinality(String),
  kind LowCardinality(String),
  severity LowCardinality(String),
  state LowCardinality(String),
  acknowledged Bool,
  title String,
  text String CODEC(ZSTD(3)),
  entity_id String,
  entity_type LowCardinality(String),
  entity_name String,
  service String,
  rule_id String,
  incident_id String,
  start_time DateTime64(3, 'UTC'),
  end_time Nullable(DateTime64(3, 'UTC')),
  details String CODEC(ZSTD(3)),
  updated_at DateTime64(3, 'UTC'),
  version UInt64
) ENGINE = {{engine:ReplacingMergeTree(version)}}
PARTITION BY toYYYYMM(start_time)
ORDER BY (tenant, id)
TTL toDateTime(start_time) + toIntervalDay(400);
{{distributed:alert_events:cityHash64(id)}};
