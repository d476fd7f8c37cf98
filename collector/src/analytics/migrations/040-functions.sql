-- Analytics SQL functions (global, so versioned names). Used by the materialized views below, by the resolver
-- and by the query API, so the rules live in exactly one place.

-- URL path -> endpoint path: query string and fragment dropped; numeric, UUID and hex-id segments -> {id};
-- other segments (including versions such as v5) kept.
CREATE FUNCTION IF NOT EXISTS argus_normalize_path_v1 {{on_cluster}} AS (p) ->
  if(empty(replaceRegexpOne(p, '[?#].*$', '')), '/',
    arrayStringConcat(arrayMap(s -> if(
      match(s, '^[0-9]+$')
      OR match(s, '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')
      OR (match(s, '^[0-9a-fA-F]{8,}$') AND match(s, '[0-9]')), '{id}', s),
    splitByChar('/', replaceRegexpOne(p, '[?#].*$', ''))), '/'));

-- Endpoint name of a span: HTTP `METHOD /route` (route, else the normalized path), RPC service/method,
-- database operation + collection, messaging destination, else the span name.
CREATE FUNCTION IF NOT EXISTS argus_endpoint_v1 {{on_cluster}} AS
  (name, http_method, http_route, url_path, url_full, rpc_service, rpc_method, db_system, db_operation, db_collection, db_statement, messaging_system, messaging_destination) ->
  multiIf(
    http_method != '', concat(upper(http_method), ' ', if(http_route != '', http_route,
      argus_normalize_path_v1(if(url_path != '', url_path, if(url_full != '', path(url_full), ''))))),
    rpc_service != '', concat(rpc_service, '/', rpc_method),
    db_system != '' AND (db_operation != '' OR db_collection != '' OR db_statement != ''),
      trimBoth(concat(upper(if(db_operation != '', db_operation, extract(db_statement, '^\\s*([A-Za-z]+)'))), ' ', db_collection)),
    messaging_system != '' AND messaging_destination != '', messaging_destination,
    name);

-- Latency histogram bucket: log base 1.01 of the duration in ns. The bucket's representative value 1.01^b is
-- within 0.5 % of every duration in the bucket, so percentiles read from the histogram are within 0.5 % of
-- the exact (nearest-rank) percentile, and buckets can be added and subtracted (retractions) exactly.
CREATE FUNCTION IF NOT EXISTS argus_lat_bucket_v1 {{on_cluster}} AS (d) -> toUInt16(round(log(greatest(toFloat64(d), 1.0)) / log(1.01)));

-- Nearest-rank percentile q of a (buckets, counts) histogram (sumMap result), in ns; nan when empty.
CREATE FUNCTION IF NOT EXISTS argus_hist_quantile_v1 {{on_cluster}} AS (h, q) ->
  if(arraySum(h.2) > 0, pow(1.01, h.1[arrayFirstIndex(c -> c >= greatest(ceil(q * arraySum(h.2)), 1), arrayCumSum(h.2))]), nan);
