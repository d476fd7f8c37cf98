/** The collector for the tracer bench, in its own process so it does not share a core with the load tool. */
import { createInterface } from 'node:readline';
import { startTestCollector } from '@argus/collector/testing';

const collector = await startTestCollector();
process.stdout.write(`COLLECTOR ${JSON.stringify({ ingestUrl: collector.ingestUrl, ingestKey: collector.ingestKey })}\n`);
const stop = () => void collector.destroy().finally(() => process.exit(0));
process.on('SIGTERM', stop);
// `COUNT <service>` on stdin -> `COUNTED <service> <server spans> <all spans>`: what the bench's apps exported
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = /^COUNT (\S+)$/.exec(line.trim());
  if (!m) return;
  collector.deps.storage
    .query<{ server: string; total: string }>(
      'SELECT countIf(kind = 2) AS server, count() AS total FROM spans WHERE service = {s:String}',
      { s: m[1] },
    )
    .then(([r]) => process.stdout.write(`COUNTED ${m[1]} ${r?.server ?? 0} ${r?.total ?? 0}\n`))
    .catch((err: unknown) => process.stdout.write(`COUNTED ${m[1]} -1 -1 ${(err as Error).message}\n`));
});
process.on('SIGINT', stop);
