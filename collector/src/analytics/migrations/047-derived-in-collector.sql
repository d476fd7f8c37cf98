-- The analytics rows derived from spans are now computed by the collector from the spans it decodes (endpoint KPIs
-- per second with the endpoint cap, service instances, spans per service and minute, new endpoints for the registry)
-- and inserted as small rows with the spans' batch under its deduplication token; the call resolver gets the span
-- skeletons in memory. So the materialized views on `spans` and the resolver's support tables go away. The 1 min and
-- 1 h KPI views (from endpoint_kpi_1s / edge_kpi_1s) stay. Trace by id computes endpoints from the spans it reads, so
-- span_skeleton goes too.
DROP VIEW IF EXISTS {{table:endpoint_registry_mv}} {{on_cluster}} SYNC;
DROP VIEW IF EXISTS {{table:span_skeleton_mv}} {{on_cluster}} SYNC;
DROP VIEW IF EXISTS {{table:trace_arrivals_mv}} {{on_cluster}} SYNC;
DROP VIEW IF EXISTS {{table:endpoint_kpi_1s_mv}} {{on_cluster}} SYNC;
DROP VIEW IF EXISTS {{table:service_instances_mv}} {{on_cluster}} SYNC;
DROP VIEW IF EXISTS {{table:service_spans_1m_mv}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS trace_arrivals {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{table:trace_arrivals}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS span_skeleton {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{table:span_skeleton}} {{on_cluster}} SYNC;
