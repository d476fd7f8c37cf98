/** The collector for the tracer bench, in its own process so it does not share a core with the load tool. */
import { startTestCollector } from '@argus/collector/testing';

const collector = await startTestCollector();
process.stdout.write(`COLLECTOR ${JSON.stringify({ ingestUrl: collector.ingestUrl, ingestKey: collector.ingestKey })}\n`);
const stop = () => void collector.destroy().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
