-- The tenants and plain-text ingest keys of migration 001 move into the tables of 100: keys hashed (their ids
-- k_legacy_<hash prefix>), then both old tables are dropped. Keys keep working.
INSERT INTO account_tenants (id, name, deleted, purged, created_at, updated_at)
SELECT tenant, argMax(name, created_at), false, false, min(created_at), max(created_at)
FROM tenants WHERE tenant NOT IN (SELECT id FROM account_tenants) GROUP BY tenant;

INSERT INTO account_ingest_keys (tenant, id, name, prefix, key_hash, revoked, created_by, created_at, updated_at)
SELECT tenant, concat('k_legacy_', substring(lower(hex(SHA256(key))), 1, 12)), argMax(name, created_at),
  concat(substring(key, 1, 7), '…'), lower(hex(SHA256(key))), argMax(revoked, created_at), 'migration', min(created_at), max(created_at)
FROM ingest_keys GROUP BY tenant, key;

DROP TABLE IF EXISTS ingest_keys {{on_cluster}};
DROP TABLE IF EXISTS {{table:ingest_keys}} {{on_cluster}};
DROP TABLE IF EXISTS tenants {{on_cluster}};
DROP TABLE IF EXISTS {{table:tenants}} {{on_cluster}};
