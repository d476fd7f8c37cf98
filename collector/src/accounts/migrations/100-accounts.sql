-- Accounts and tenants (issue 17). Small tables that every collector mirrors in memory and polls by
-- `updated_at` (tenants/synced-table.ts); a change is a new row version, a removal a `deleted`/`revoked` row.
-- Secrets (ingest keys, API tokens, session and setup tokens) are stored as hex SHA-256 only, passwords as argon2id.

CREATE TABLE IF NOT EXISTS {{table:account_tenants}} {{on_cluster}} (
  id String,
  name String,
  deleted Bool DEFAULT false,
  purged Bool DEFAULT false,
  created_at DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC')
) ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY id;
{{distributed:account_tenants}};

CREATE TABLE IF NOT EXISTS {{table:account_ingest_keys}} {{on_cluster}} (
  tenant LowCardinality(String),
  id String,
  name String,
  prefix String,
  key_hash String,
  revoked Bool DEFAULT false,
  created_by String,
  created_at DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC')
) ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY (tenant, id);
{{distributed:account_ingest_keys}};

-- tenant '' holds instance-admin tokens (role instance_admin)
CREATE TABLE IF NOT EXISTS {{table:account_api_tokens}} {{on_cluster}} (
  tenant LowCardinality(String),
  id String,
  name String,
  role LowCardinality(String),
  prefix String,
  token_hash String,
  revoked Bool DEFAULT false,
  expires_at DateTime64(3, 'UTC'),
  created_by String,
  created_at DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC')
) ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY (tenant, id);
{{distributed:account_api_tokens}};

CREATE TABLE IF NOT EXISTS {{table:account_users}} {{on_cluster}} (
  id String,
  email String,
  name String,
  password_hash String,
  instance_admin Bool DEFAULT false,
  disabled Bool DEFAULT false,
  deleted Bool DEFAULT false,
  setup_hash String,
  setup_expires_at DateTime64(3, 'UTC'),
  password_changed_at DateTime64(3, 'UTC'),
  created_at DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC')
) ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY id;
{{distributed:account_users}};

CREATE TABLE IF NOT EXISTS {{table:account_memberships}} {{on_cluster}} (
  tenant LowCardinality(String),
  user_id String,
  role LowCardinality(String),
  deleted Bool DEFAULT false,
  created_at DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC')
) ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY (tenant, user_id);
{{distributed:account_memberships}};

-- id = hex SHA-256 of the cookie value; expired sessions leave a day after they end
CREATE TABLE IF NOT EXISTS {{table:account_sessions}} {{on_cluster}} (
  id String,
  user_id String,
  current_tenant String,
  revoked Bool DEFAULT false,
  ip String,
  user_agent String,
  created_at DateTime64(3, 'UTC'),
  expires_at DateTime64(3, 'UTC'),
  last_seen DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC')
) ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY id
TTL toDateTime(expires_at) + INTERVAL 1 DAY;
{{distributed:account_sessions}};

-- tenant '' = instance-wide events (tenants created or deleted, instance admins, users)
CREATE TABLE IF NOT EXISTS {{table:account_audit}} {{on_cluster}} (
  tenant LowCardinality(String),
  time DateTime64(3, 'UTC'),
  actor_type LowCardinality(String),
  actor_id String,
  actor_name String,
  action LowCardinality(String),
  target_type LowCardinality(String),
  target_id String,
  details String,
  ip String
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toYYYYMM(time)
ORDER BY (tenant, time)
TTL toDateTime(time) + INTERVAL 400 DAY;
{{distributed:account_audit:cityHash64(tenant)}};
