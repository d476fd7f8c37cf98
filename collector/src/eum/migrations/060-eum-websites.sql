-- EUM websites: one row per version (ReplacingMergeTree on updated_at); the collector caches them in memory.
CREATE TABLE IF NOT EXISTS {{table:eum_websites}} {{on_cluster}} (
  tenant LowCardinality(String),
  id String,
  name String,
  site_key String,
  allowed_origins Array(String),
  deleted Bool DEFAULT false,
  created_at DateTime64(3, 'UTC') DEFAULT now64(3),
  updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY (tenant, id);
{{distributed:eum_websites:cityHash64(id)}};
