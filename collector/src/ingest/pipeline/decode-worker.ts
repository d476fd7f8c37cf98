/**
 * A decode worker thread: runs decode tasks (decode-task.ts) off the main thread, in two steps of two priorities.
 * A task's check (decoded and validated: what its answer needs) runs as soon as it arrives and is posted at once;
 * its rows are built afterwards, one task per turn of the thread's event loop, so tasks that arrive meanwhile are
 * checked first: a request's answer never waits for the rows of the requests before it.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { ArgusError } from '../../errors.js';
import { niceThisThread } from '../../threads/nice.js';
import { createDecoder, type DecodeResult, type DecodeTask, type StagedDecode } from './decode-task.js';

const data = (workerData ?? {}) as { nice?: number; rowsDir?: string };
const decoder = createDecoder({ rowsDir: data.rowsDir });
const port = parentPort!;
// a thread that only builds rows runs at a lower priority
niceThisThread(data.nice);
const later: Array<{ id: number; staged: StagedDecode }> = [];
let scheduled = false;
/** the thread's V8 heap rides along with results (a worker's heap is not in the process's memoryUsage()) */
const heap = () => getHeapStatistics().total_heap_size;

/**
 * The buffers a result may hand over instead of copying: rows a writer copied out for this result own their memory
 * (takeRows: a buffer of its own past Node's 4 KiB pool threshold); a slice of anything else is copied as before.
 * The span skeleton's records are a view on a buffer only this result holds (the deriver starts a new writer at
 * each take, skeleton.ts), larger than Node's shared pool from the first record (84 B x 256): handed over whole.
 */
const owned = (r: DecodeResult): ArrayBuffer[] => {
  const list: ArrayBuffer[] = [];
  for (const t of r.tables) {
    if (!Buffer.isBuffer(t.data)) continue; // rows in a file (rows-files.ts)
    const b = t.data.buffer;
    if (b instanceof ArrayBuffer && t.data.byteOffset === 0 && t.data.byteLength === b.byteLength && !list.includes(b)) list.push(b);
  }
  const s = r.derived?.skeleton.records.buffer;
  if (s instanceof ArrayBuffer && s.byteLength > Buffer.poolSize && !list.includes(s)) list.push(s);
  return list;
};
const postResult = (id: number, result: DecodeResult) => port.postMessage({ id, result, heap: heap() }, owned(result));

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
    postResult(next.id, next.staged.rows());
  } catch (e) {
    postError(next.id, e);
  }
  if (later.length > 0 && !scheduled) {
    scheduled = true;
    setImmediate(buildNext);
  }
}

/**
 * `check`: this thread only answers (a pool with a checking thread and building threads, decode-pool.ts): the check
 * is posted, and the rows only when the check built them anyway. `rows`: the rows at once (the check was answered by
 * another thread). Neither: both steps here, the check first.
 */
type Mode = 'check' | 'rows' | undefined;

port.on('message', (msg: { id: number; task: DecodeTask; mode: Mode }) => {
  const task = { ...msg.task, body: Buffer.from(msg.task.body.buffer, msg.task.body.byteOffset, msg.task.body.byteLength) };
  let staged: StagedDecode;
  try {
    if (msg.mode === 'rows') return postResult(msg.id, decoder.decode(task));
    staged = decoder.stage(task);
  } catch (e) {
    return postError(msg.id, e);
  }
  if (msg.mode === 'check') {
    if (staged.deferred) return port.postMessage({ id: msg.id, check: staged.check, deferred: true });
    return postResult(msg.id, staged.rows());
  }
  port.postMessage({ id: msg.id, check: staged.check });
  later.push({ id: msg.id, staged });
  if (!scheduled) {
    scheduled = true;
    setImmediate(buildNext);
  }
});
