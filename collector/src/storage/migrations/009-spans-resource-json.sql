-- A span's resource attributes as one LowCardinality string per map (the JSON object of the map) instead of two
-- Map columns: a resource is the same for every span a process sends, so the dictionary of a part holds a few
-- values, where a Map column holds every key and value of every span. On the ingest benchmark's spans
-- (bench/ingest/column-cost.ts, session 29) the two maps cost ClickHouse ~1.1 µs of CPU per span to insert and
-- ~2.6 per merge for 0.8 B/span on disk. Spans stored before keep their maps (new ones leave them empty); reads take
-- whichever a row has (query/span-view.ts, RESOURCE_ATTRIBUTES_EXPR).
ALTER TABLE {{table:spans}} {{on_cluster}} ADD COLUMN IF NOT EXISTS resource_json LowCardinality(String) DEFAULT '' CODEC(ZSTD(1)) AFTER resource_attributes_typed;
ALTER TABLE {{table:spans}} {{on_cluster}} ADD COLUMN IF NOT EXISTS resource_typed_json LowCardinality(String) DEFAULT '' CODEC(ZSTD(1)) AFTER resource_json;
ALTER TABLE spans {{on_cluster}} ADD COLUMN IF NOT EXISTS resource_json LowCardinality(String) DEFAULT '' AFTER resource_attributes_typed;
ALTER TABLE spans {{on_cluster}} ADD COLUMN IF NOT EXISTS resource_typed_json LowCardinality(String) DEFAULT '' AFTER resource_json;
