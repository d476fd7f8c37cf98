-- Infrastructure entities from the agents (POST /v1/agent/entities).
-- entities: latest snapshot per entity (a row is written when the snapshot changed, and once a day while it is
-- reported unchanged; ReplacingMergeTree keeps the highest version; entities not reported for 30 days expire).
-- entity_changes: every distinct snapshot over time. entity_heartbeats: last time an agent reported the entity
-- alive (or gone), at the collector's clock. entity_events: sensor and agent events.
CREATE TABLE IF NOT EXISTS {{table:entities}} {{on_cluster}} (
  tenant LowCardinality(String),
  entity_id String,
  type LowCardinality(String),
  name String,
  parent_id String,
  attributes String CODEC(ZSTD(3)),
  hash String,
  agent_id LowCardinality(String),
  host_entity_id LowCardinality(String),
  updated_at DateTime64(3, 'UTC'),
  version UInt64
) ENGINE = {{engine:ReplacingMergeTree(version)}}
ORDER BY (tenant, entity_id)
TTL toDateTime(updated_at) + toIntervalDay(30);
{{distributed:entities:cityHash64(entity_id)}};

CREATE TABLE IF NOT EXISTS {{table:entity_changes}} {{on_cluster}} (
  tenant LowCardinality(String),
  entity_id String,
  time DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  type LowCardinality(String),
  name String,
  parent_id String,
  attributes String CODEC(ZSTD(3)),
  hash String,
  agent_id LowCardinality(String)
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toYYYYMM(time)
ORDER BY (tenant, entity_id, time)
TTL toDateTime(time) + toIntervalDay(400);
{{distributed:entity_changes:cityHash64(entity_id)}};

CREATE TABLE IF NOT EXISTS {{table:entity_heartbeats}} {{on_cluster}} (
  tenant LowCardinality(String),
  entity_id String,
  agent_id LowCardinality(String),
  time DateTime64(3, 'UTC'),
  gone Bool
) ENGINE = {{engine:ReplacingMergeTree(time)}}
ORDER BY (tenant, entity_id)
TTL toDateTime(time) + toIntervalDay(30);
{{distributed:entity_heartbeats:cityHash64(entity_id)}};

CREATE TABLE IF NOT EXISTS {{table:entity_events}} {{on_cluster}} (
  tenant LowCardinality(String),
  time DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
  entity_id String,
  agent_id LowCardinality(String),
  severity LowCardinality(String),
  code LowCardinality(String),
  message String CODEC(ZSTD(3))
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toDate(time)
ORDER BY (tenant, entity_id, time)
TTL toDateTime(time) + toIntervalDay({{retention_days}})
SETTINGS ttl_only_drop_parts = 1;
{{distributed:entity_events:cityHash64(entity_id)}};
