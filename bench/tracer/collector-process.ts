/** The collector for the tracer bench, in its own process so it does not share a core with the load tool. */
import { createInterface } from 'node:readline';
import { startTestCollector } from '@argus/collector/testing';

const collector = await startTestCollector();
process.stdout.write(`COLLECTOR ${JSON.stringify({ ingestUrl: collector.ingestUrl, ingestKey: collector.ingestKey })}\n`);
const stop = () => void collector.destroy().finally(() => process.exit(0));
process.on('SIGTERM', stop);
// `COUNT <service>` on stdin -> `COUNTED <service> {"<url path>": server spans, ..., "*": all spans}`: what the bench's
// apps exported, per phase (each load phase requests its own path)
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = /^COUNT (\S+)$/.exec(line.trim());
  if (!m) return;
  collector.deps.storage
    .query<{ path: string; server: string; total: string }>(
      'SELECT url_path AS path, countIf(kind = 2) AS server, count() AS total FROM spans WHERE service = {s:String} GROUP BY url_path',
      { s: m[1] },
    )
    .then((rows) => {
      const out: Record<string, number> = { '*': 0 };
      for (const r of rows) {
        if (r.path) out[r.path] = Number(r.server);
        out['*'] += Number(r.total);
      }
      process.stdout.write(`COUNTED ${m[1]} ${JSON.stringify(out)}\n`);
    })
    .catch((err: unknown) => process.stdout.write(`COUNTED ${m[1]} {"error":${JSON.stringify((err as Error).message)}}\n`));
});
process.on('SIGINT', stop);
