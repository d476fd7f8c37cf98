/**
 * The call resolver's thread (resolver-thread.ts starts it): the resolver as it runs on the main thread otherwise,
 * fed by `batch` messages, run by `tick` messages from the main thread's job runner, with storage through the main
 * thread (storage-port.ts) and its log lines forwarded there.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { createSpanFeed } from '../../ingest/span-feed.js';
import { niceThisThread } from '../../threads/nice.js';
import { createResolver } from '../resolver/resolver.js';
import { createStoragePort } from './storage-port.js';
import { toWire, type FromThread, type ResolverThreadInit, type ThreadMemory, type ToThread } from './protocol.js';

const port = parentPort!;
const init = workerData as ResolverThreadInit;
// behind the checking thread and the event loop on busy cores: the resolver may lag a little, answers may not
niceThisThread(init.config.resolverNice);
const post = (m: FromThread, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const log = pino({ level: init.logLevel }, { write: (line: string) => post({ t: 'log', line }) });
const storagePort = createStoragePort(port);
const { storage } = storagePort;
const feed = createSpanFeed();
const resolver = createResolver({ storage, config: init.config, log, feed, stateDir: init.stateDir });

port.on('message', (m: ToThread) => {
  switch (m.t) {
    case 'storage-reply':
      storagePort.settle(m);
      return;
    case 'batch':
      void feed
        .publish({
          scope: m.scope,
          replayed: m.replayed,
          capped: new Map(m.capped),
          parts: m.parts.map((p) => ({
            tenant: p.tenant,
            skeleton: {
              records: Buffer.from(p.records.buffer, p.records.byteOffset, p.records.byteLength),
              strings: p.strings,
              count: p.count,
            },
          })),
        })
        .then(() => post({ t: 'acked', id: m.id }));
      return;
    case 'tick':
    case 'stop': {
      const work = m.t === 'tick' ? resolver.tick(m.now) : resolver.stop();
      work.then(
        () => post({ t: 'done', id: m.id, stats: resolver.stats, memory: memory() }),
        (e: unknown) => post({ t: 'done', id: m.id, stats: resolver.stats, memory: memory(), error: toWire(e) }),
      );
      return;
    }
  }
});
post({ t: 'ready' });

/** this thread's V8 heap and the memory its Buffers hold (memoryUsage() in a worker: the thread's own isolate) */
function memory(): ThreadMemory {
  const u = process.memoryUsage();
  return { heap: u.heapTotal, external: u.external };
}
