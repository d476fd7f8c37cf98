-- The delivery queue: one row per notification state change (pending -> sent | failed), highest version wins.
-- Pending notifications are reloaded at start, so the queue survives a restart. Every send attempt is logged
-- in alert_delivery_attempts (the delivery log the API shows).
CREATE TABLE IF NOT EXISTS {{table:alert_notifications}} {{on_cluster}} (
  tenant LowCardinality(String),
  id String,
  event_id String,
  channel_id String,
  kind LowCardinality(String),
  state LowCardinality(String),
  attempts UInt16,
  next_attempt_at DateTime64(3, 'UTC'),
  last_error String,
  payload String CODEC(ZSTD(3)),
  created_at DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC'),
  version UInt64
) ENGINE = {{engine:ReplacingMergeTree(version)}}
PARTITION BY toYYYYMM(created_at)
ORDER BY (tenant, id)
TTL toDateTime(created_at) + toIntervalDay(90);
{{distributed:alert_notifications:cityHash64(id)}};

CREATE TABLE IF NOT EXISTS {{table:alert_delivery_attempts}} {{on_cluster}} (
  tenant LowCardinality(String),
  notification_id String,
  event_id String,
  channel_id String,
  time DateTime64(3, 'UTC'),
  attempt UInt16,
  status LowCardinality(String),
  detail String,
  duration_ms UInt32
) ENGINE = {{engine:MergeTree()}}
PARTITION BY toYYYYMM(time)
ORDER BY (tenant, notification_id, time)
TTL toDateTime(time) + toIntervalDay(90);
{{distributed:alert_delivery_attempts:cityHash64(notification_id)}};
