-- The call resolver now keeps only provisional calls in `calls` (calls to inferred services, and calls whose caller
-- endpoint is not known yet: the rows a later span can take back), tagged with the batch that wrote them, and
-- writes every call's signed contribution to edge_kpi_1s itself (per second, pre-aggregated), so the view from
-- `calls` to edge_kpi_1s goes away. The 1 min and 1 h edge views stay.
ALTER TABLE {{table:calls}} {{on_cluster}} ADD COLUMN IF NOT EXISTS batch LowCardinality(String) DEFAULT '';
ALTER TABLE calls {{on_cluster}} ADD COLUMN IF NOT EXISTS batch LowCardinality(String) DEFAULT '';
DROP VIEW IF EXISTS {{table:edge_kpi_1s_mv}} {{on_cluster}} SYNC;
