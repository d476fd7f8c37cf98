-- Alert configuration: channels (Slack, webhook, PagerDuty, e-mail) and alert rules. One row per change;
-- ReplacingMergeTree keeps the highest version per id; a delete is a row with deleted = 1. The collector caches
-- both in memory and reloads them every few seconds, so a change made through another collector is picked up.
CREATE TABLE IF NOT EXISTS {{table:alert_channels}} {{on_cluster}} (
  tenant LowCardinality(String),
  id String,
  name String,
  type LowCardinality(String),
  options String CODEC(ZSTD(3)),
  notify_builtin Bool,
  deleted Bool,
  updated_at DateTime64(3, 'UTC'),
  version UInt64
) ENGINE = {{engine:ReplacingMergeTree(version)}}
ORDER BY (tenant, id);
{{distributed:alert_channels:cityHash64(id)}};

CREATE TABLE IF NOT EXISTS {{table:alert_rules}} {{on_cluster}} (
  tenant LowCardinality(String),
  id String,
  name String,
  enabled Bool,
  config String CODEC(ZSTD(3)),
  deleted Bool,
  updated_at DateTime64(3, 'UTC'),
  version UInt64
) ENGINE = {{engine:ReplacingMergeTree(version)}}
ORDER BY (tenant, id);
{{distributed:alert_rules:cityHash64(id)}};
