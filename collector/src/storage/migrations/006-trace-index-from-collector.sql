-- The collector now writes trace_index rows itself (one per trace and ingest batch, computed while the spans are
-- decoded), inserted with the spans under the batch's deduplication token, so the view that derived them from every
-- spans insert goes away: an insert into `spans` no longer runs a second pipeline (and can no longer fail in it).
DROP VIEW IF EXISTS {{table:trace_index_mv}} {{on_cluster}} SYNC;
