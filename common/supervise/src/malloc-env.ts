/**
 * glibc malloc settings for the collector's process. ClickHouse inside chDB allocates through its own jemalloc (linked
 * into libchdb.so, which imports no malloc from glibc); the rest of the process (Node.js's Buffers, V8's off-heap
 * memory, the decode worker threads) allocates through glibc. glibc raises its mmap threshold each time a large block
 * is freed (up to 32 MiB), after which blocks of that size come from the heap arenas and their freed pages stay
 * resident; with one arena per thread (8 per core) a long ingest run kept ~200 MB more than the same run with the
 * threshold held at glibc's initial 128 KiB and two arenas (bench/RESULTS.md, soak). glibc reads these when the
 * process starts, so they are given to the child; settings the user made win.
 */
export const MALLOC_DEFAULTS: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

export function mallocEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(MALLOC_DEFAULTS).filter(([k]) => env[k] === undefined));
}
