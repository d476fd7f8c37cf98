-- The lease that decides which collector runs the singleton background jobs (call resolver, endpoint-cap check,
-- alert evaluation) when several collectors share one ClickHouse. One row per (name, epoch, holder); the lease is
-- the row with the greatest (epoch, holder, updated_at), valid while expires_at is in the future (ClickHouse
-- time, so collectors' clocks do not matter). See collector/src/jobs/lease.ts.
CREATE TABLE IF NOT EXISTS {{table:argus_job_leases}} {{on_cluster}} (
  name LowCardinality(String),
  epoch UInt64,
  holder String,
  expires_at DateTime64(3, 'UTC'),
  updated_at DateTime64(6, 'UTC')
) ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY (name, epoch, holder)
TTL toDateTime(updated_at) + toIntervalDay(1);
{{distributed:argus_job_leases}};
