/**
 * Node.js flags the collector's process starts with (before its script: V8 reads them when the heap is created).
 *
 * `--single-threaded-gc`: V8 collects garbage on the thread that allocated it instead of handing the work to its
 * helper threads (parallel scavenges, concurrent marking and sweeping). On two cores the helpers only compete with
 * the collector's own threads and ClickHouse's for the same cores, and coordinating them costs CPU of its own. At a
 * fixed 20k spans/s the Node.js side used 2-3 µs less CPU per span and the acknowledgement p99 was lower in each of
 * four alternating pairs; closed-loop throughput moved within the runs' scatter (median of eight pairs +2 %)
 * (bench/results/ingest.md, session 23).
 */
export const COLLECTOR_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];
