-- Tenants and their ingest keys. The collector creates the `default` tenant and a key on first start.
CREATE TABLE IF NOT EXISTS {{table:tenants}} {{on_cluster}} (
  tenant LowCardinality(String),
  name String,
  created_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = {{engine:ReplacingMergeTree(created_at)}}
ORDER BY tenant;
{{distributed:tenants}};

CREATE TABLE IF NOT EXISTS {{table:ingest_keys}} {{on_cluster}} (
  tenant LowCardinality(String),
  key String,
  name String,
  revoked Bool DEFAULT false,
  created_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = {{engine:ReplacingMergeTree(created_at)}}
ORDER BY (tenant, key);
{{distributed:ingest_keys}};
