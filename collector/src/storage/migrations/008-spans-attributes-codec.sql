-- The span attribute map back to ZSTD(3) from 007's ZSTD(9): on the ingest benchmark's rows (bench/ingest/codecs.ts on
-- a kept run, session 22) level 9 saved 2.4 B/span of disk but cost ~1.4 us of ClickHouse CPU per span on every write
-- of the column (the insert, then each merge that rewrites it): ~4 % of the collector's CPU per stored span, for
-- 3 % of its disk. With ZSTD(3) the benchmark stores 78.6 B/span, under issue 19's 80. Existing parts keep their
-- codec until merges rewrite them.
ALTER TABLE {{table:spans}} {{on_cluster}} MODIFY COLUMN `attributes` CODEC(ZSTD(3));
