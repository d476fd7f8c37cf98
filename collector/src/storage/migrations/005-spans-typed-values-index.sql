-- Typed attribute values (i:42, d:1.5, b:true) get the same bloom-filter skip index as string values, so a trace
-- search for a number or boolean skips granules instead of scanning the range. Parts written before this
-- migration have no such index and are scanned (correct, only slower) until merges rewrite them.
ALTER TABLE {{table:spans}} {{on_cluster}} ADD INDEX IF NOT EXISTS idx_attr_typed_values mapValues(attributes_typed) TYPE bloom_filter(0.01) GRANULARITY 1;
