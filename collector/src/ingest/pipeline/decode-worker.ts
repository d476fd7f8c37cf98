/**
 * A decode worker thread: runs decode tasks (decode-task.ts) off the main thread, in two steps of two priorities.
 * A task's check (decoded and validated: what its answer needs) runs as soon as it arrives and is posted at once;
 * its rows are built afterwards, one task per turn of the thread's event loop, so tasks that arrive meanwhile are
 * checked first: a request's answer never waits for the rows of the requests before it.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { loadOtlpTypes } from '@argus/otlp';
import { ArgusError } from '../../errors.js';
import { createDecoder, type DecodeTask, type StagedDecode } from './decode-task.js';

const decoder = createDecoder(loadOtlpTypes());
const port = parentPort!;
const later: Array<{ id: number; staged: StagedDecode }> = [];
let scheduled = false;

const asError = (e: unknown) => (e instanceof ArgusError ? e : new ArgusError('INTERNAL', `decode failed: ${(e as Error).message}`, 500));
const postError = (id: number, e: unknown) => {
  const err = asError(e);
  port.postMessage({ id, error: { code: err.code, message: err.message, status: err.status } });
};

function buildNext(): void {
  scheduled = false;
  const next = later.shift();
  if (next === undefined) return;
  try {
    // the thread's V8 heap rides along (a worker's heap is not in the process's memoryUsage())
    port.postMessage({ id: next.id, result: next.staged.rows(), heap: getHeapStatistics().total_heap_size });
  } catch (e) {
    postError(next.id, e);
  }
  if (later.length > 0 && !scheduled) {
    scheduled = true;
    setImmediate(buildNext);
  }
}

port.on('message', (msg: { id: number; task: DecodeTask }) => {
  const task = { ...msg.task, body: Buffer.from(msg.task.body.buffer, msg.task.body.byteOffset, msg.task.body.byteLength) };
  let staged: StagedDecode;
  try {
    staged = decoder.stage(task);
  } catch (e) {
    return postError(msg.id, e);
  }
  port.postMessage({ id: msg.id, check: staged.check });
  later.push({ id: msg.id, staged });
  if (!scheduled) {
    scheduled = true;
    setImmediate(buildNext);
  }
});
