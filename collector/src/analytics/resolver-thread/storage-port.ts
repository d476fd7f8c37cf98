/**
 * Storage for the resolver's thread, through the main thread that owns it: the thread's reads and binary inserts go
 * over the message port and are run by the main thread's storage (insert chunks are handed over, not copied).
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { ResolverStorage } from '../resolver/store.js';
import { fromWire, toWire, type FromThread, type ToThread } from './protocol.js';

type Port = Pick<MessagePort, 'postMessage'>;

/** The thread's side: a ResolverStorage whose calls are answered by `storage-reply` messages (`settle`). */
export function createStoragePort(port: Port): { storage: ResolverStorage; settle(m: Extract<ToThread, { t: 'storage-reply' }>): void } {
  let next = 0;
  const waiting = new Map<number, { resolve(rows: unknown[]): void; reject(e: Error): void }>();
  const call = (m: Extract<FromThread, { t: 'query' | 'insert' }>, transfer: ArrayBuffer[] = []) =>
    new Promise<unknown[]>((resolve, reject) => {
      waiting.set(m.id, { resolve, reject });
      port.postMessage(m, transfer);
    });
  return {
    storage: {
      async query<T>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
        return (await call({ t: 'query', id: ++next, sql, params })) as T[];
      },
      async insertRowBinary(table, columns, chunks, opts) {
        // each chunk gets a buffer of its own to hand over (a chunk may be a view on a shared pool)
        const own = chunks.map((c) => new Uint8Array(c));
        await call(
          { t: 'insert', id: ++next, table, columns, chunks: own, opts },
          own.map((c) => c.buffer),
        );
      },
    },
    settle(m) {
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (m.error) w.reject(fromWire(m.error));
      else w.resolve(m.rows ?? []);
    },
  };
}

/** The main thread's side: runs a storage request from the thread and posts the reply. */
export async function serveStorage(worker: Pick<Worker, 'postMessage'>, storage: ResolverStorage, m: FromThread): Promise<void> {
  if (m.t !== 'query' && m.t !== 'insert') return;
  let reply: Extract<ToThread, { t: 'storage-reply' }>;
  try {
    if (m.t === 'query') reply = { t: 'storage-reply', id: m.id, rows: await storage.query(m.sql, m.params) };
    else {
      const chunks = m.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));
      await storage.insertRowBinary(m.table, m.columns, chunks, m.opts);
      reply = { t: 'storage-reply', id: m.id };
    }
  } catch (e) {
    reply = { t: 'storage-reply', id: m.id, error: toWire(e) };
  }
  try {
    worker.postMessage(reply);
  } catch {
    // the thread is gone (stopped or crashed): its owner deals with that
  }
}
