-- calls had codecs only on duration_ns (the rest LZ4): ZSTD(1) on every stored column takes it from 4.5 to 3.9 B per
-- span on the ingest benchmark's rows (see 007-spans-codecs.sql). Existing parts change as merges rewrite them.
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `tenant` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `ts` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `trace_id` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `client_span_id` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `server_span_id` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `caller_service` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `caller_endpoint` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `callee_service` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `callee_endpoint` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `callee_type` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `is_error` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `client_error` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `sign` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `emitted_at` CODEC(ZSTD(1));
ALTER TABLE {{table:calls}} {{on_cluster}} MODIFY COLUMN `batch` CODEC(ZSTD(1));
