-- Column codecs chosen on the ingest benchmark's own rows (unique requests; bench/ingest/run.ts, each codec compared
-- on a copy of the same spans, see bench/RESULTS.md): spans are sorted by service, ten-minute bucket and trace, so
-- their timestamps are not in order within a part and Delta beats DoubleDelta (-1.6 B/span), while inserted_at
-- (few distinct values per part) is smallest with ZSTD alone (-1.6); the attribute maps compress further at higher
-- ZSTD levels (attributes 9: -2.4, resource attributes 6: -2.3, typed attributes 6: -1.0) for a few percent more
-- insert CPU; trace_index had no codecs (LZ4). Existing parts keep their codecs until merges rewrite them.
ALTER TABLE {{table:spans}} {{on_cluster}} MODIFY COLUMN `timestamp` CODEC(Delta, ZSTD(1));
ALTER TABLE {{table:spans}} {{on_cluster}} MODIFY COLUMN `inserted_at` CODEC(ZSTD(1));
ALTER TABLE {{table:spans}} {{on_cluster}} MODIFY COLUMN `attributes` CODEC(ZSTD(9));
ALTER TABLE {{table:spans}} {{on_cluster}} MODIFY COLUMN `resource_attributes` CODEC(ZSTD(6));
ALTER TABLE {{table:spans}} {{on_cluster}} MODIFY COLUMN `attributes_typed` CODEC(ZSTD(6));
ALTER TABLE {{table:trace_index}} {{on_cluster}} MODIFY COLUMN `trace_id` CODEC(ZSTD(3));
ALTER TABLE {{table:trace_index}} {{on_cluster}} MODIFY COLUMN `start` CODEC(ZSTD(3));
ALTER TABLE {{table:trace_index}} {{on_cluster}} MODIFY COLUMN `end` CODEC(ZSTD(3));
ALTER TABLE {{table:trace_index}} {{on_cluster}} MODIFY COLUMN `spans` CODEC(ZSTD(3));
