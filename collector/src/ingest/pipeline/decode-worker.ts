/** A decode worker thread: runs decode tasks (decode-task.ts) off the main thread, one at a time. */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { loadOtlpTypes } from '@argus/otlp';
import { ArgusError } from '../../errors.js';
import { createDecoder, type DecodeTask } from './decode-task.js';

const decoder = createDecoder(loadOtlpTypes());
const port = parentPort!;

port.on('message', (msg: { id: number; task: DecodeTask }) => {
  const task = { ...msg.task, body: Buffer.from(msg.task.body.buffer, msg.task.body.byteOffset, msg.task.body.byteLength) };
  try {
    // the thread's V8 heap rides along (a worker's heap is not in the process's memoryUsage())
    port.postMessage({ id: msg.id, result: decoder.decode(task), heap: getHeapStatistics().total_heap_size });
  } catch (e) {
    const err = e instanceof ArgusError ? e : new ArgusError('INTERNAL', `decode failed: ${(e as Error).message}`, 500);
    port.postMessage({ id: msg.id, error: { code: err.code, message: err.message, status: err.status } });
  }
});
