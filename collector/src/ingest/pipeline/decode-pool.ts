/**
 * Decoding on worker threads, so the event loop (HTTP, the write-ahead log, inserts) and ClickHouse's threads share
 * the cores with the decoders: tasks go to the least busy worker. With 0 threads, tasks run inline.
 */
import { Worker } from 'node:worker_threads';
import { ArgusError } from '../../errors.js';
import { siblingModule, workerEntry } from '../../threads/worker-entry.js';
import { createDecoder, rowBytes, type DecodeCheck, type DecodeResult, type DecodeTask, type TableRows } from './decode-task.js';

/** A request decoded and validated (what its answer needs), and its rows, built afterwards (decode-worker.ts). */
export interface Decoded extends DecodeCheck {
  rows: Promise<DecodeResult>;
}

export interface DecodePool {
  /** resolves once the request is decoded and validated; its rows follow (`rows`) */
  decode(task: DecodeTask): Promise<Decoded>;
  /** resolves once every worker has loaded its code (a first request would otherwise wait for it) */
  ready(): Promise<void>;
  /** the workers' V8 heaps (total), as last reported with a result; 0 without workers */
  heapBytes(): number;
  /**
   * Stops every worker as a crash would (each is replaced), for tests of that path; resolves with the number of
   * answered requests whose rows were still to be built (they are decoded again).
   */
  crashWorkers(): Promise<number>;
  close(): Promise<void>;
}

interface Pending {
  task: DecodeTask;
  resolve(r: Decoded): void;
  reject(e: unknown): void;
  /** set once the check is answered: what follows settles `rows` */
  rows?: { promise: Promise<DecodeResult>; resolve(r: DecodeResult): void; reject(e: unknown): void };
  /** its worker died after the answer and it was decoded again (once: a request that kills workers is not retried) */
  redone?: boolean;
  /** with a checking thread: what the thread it is posted to does with it (decode-worker.ts) */
  mode?: 'check' | 'rows';
}

/** The check's answer, with the promise of the rows still to come (a request decoded again keeps its first answer). */
function answerCheck(p: Pending, check: DecodeCheck): void {
  if (p.rows) return;
  let resolve!: (r: DecodeResult) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<DecodeResult>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // a request answered with nothing accepted never reads its rows
  p.rows = { promise, resolve, reject };
  p.resolve({ ...check, rows: promise });
}

/** A failure: the request's answer when it is not given yet, or else its rows. */
function fail(p: Pending, e: unknown): void {
  if (p.rows) p.rows.reject(e);
  else p.reject(e);
}

const MAX_FAILED_STARTS = 3;

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Structured clone turns Buffers into Uint8Arrays: give them their Buffer face back. */
function revive(r: DecodeResult): DecodeResult {
  // rows in a file stay a plain { file, bytes } (rows-files.ts)
  const tables = r.tables.map((t): TableRows => (t.data instanceof Uint8Array ? { ...t, data: asBuffer(t.data) } : t));
  if (r.derived) r.derived.skeleton.records = asBuffer(r.derived.skeleton.records);
  return { ...r, tables };
}

export interface DecodePoolOptions {
  /** called once when workers cannot start and requests are decoded on the main thread */
  onFallback?: (reason: string) => void;
  /** where spans' rows are written as files (the embedded storage's rowsDir), instead of handed over in memory */
  rowsDir?: string;
  /** nice value of the threads that only build rows (two threads or more) */
  buildNice?: number;
  /**
   * With a checking thread: once the least busy building thread has this many requests queued (the collector is
   * saturated), a protobuf traces request skips the check and is decoded once, by that thread, and answered when its
   * rows are built: the check's decode is CPU the saturated cores lack. 0 or unset: always checked first.
   */
  onePassBacklog?: number;
  /** called for each request decoded in one pass that way */
  onOnePass?: () => void;
}

export function createDecodePool(threads: number, o: DecodePoolOptions = {}): DecodePool {
  const { onFallback } = o;
  let local: ReturnType<typeof createDecoder> | undefined;
  const inline = (p: Pending) => {
    local ??= createDecoder({ rowsDir: o.rowsDir });
    try {
      const staged = local.stage(p.task);
      answerCheck(p, staged.check);
      // the rows after the answer, as a worker builds them
      setImmediate(() => {
        try {
          p.rows!.resolve(staged.rows());
        } catch (e) {
          p.rows!.reject(e);
        }
      });
    } catch (e) {
      fail(p, e);
    }
  };
  if (threads <= 0) {
    return {
      decode: (task) => new Promise((resolve, reject) => inline({ task, resolve, reject })),
      ready: () => Promise.resolve(),
      heapBytes: () => 0,
      crashWorkers: () => Promise.resolve(0),
      close: () => Promise.resolve(),
    };
  }
  const entry = workerEntry(siblingModule('decode-worker', import.meta.url));
  let nextId = 0;
  let closing = false;
  interface Slot {
    /** with two threads or more, the first checks and the others build (decode-worker.ts) */
    role: 'both' | 'check' | 'build';
    worker: Worker;
    pending: Map<number, Pending>;
    /** the worker answered its start probe (its code is loaded) */
    loaded: boolean;
    /** resolves when it has (or when the pool gives up on workers) */
    ready: Promise<void>;
    heap: number;
  }
  /** workers that died before loading their code, in a row: past a few, the pool decodes on the main thread */
  let failedStarts = 0;
  let lastError = '';
  const givenUp = () => failedStarts >= MAX_FAILED_STARTS;
  /**
   * A worker is referenced only while it has tasks: an idle pool never keeps the process alive, and a task (or the
   * start probe) in flight does, even when nothing else is on the event loop yet (startup, before listening).
   */
  const post = (s: Slot, p: Pending) => {
    if (s.pending.size === 0) s.worker.ref();
    const id = nextId++;
    s.pending.set(id, p);
    s.worker.postMessage({ id, task: p.task, mode: p.mode });
  };
  const settle = (s: Slot, id: number): Pending | undefined => {
    const p = s.pending.get(id);
    s.pending.delete(id);
    if (s.pending.size === 0) s.worker.unref();
    return p;
  };
  /** a worker that dies (a crash in a decoder) fails its tasks with 500 and is replaced */
  const spawn = (role: 'both' | 'check' | 'build', slot?: Slot): Slot => {
    const s: Slot = slot ?? {
      role,
      worker: undefined as unknown as Worker,
      pending: new Map(),
      loaded: false,
      ready: Promise.resolve(),
      heap: 0,
    };
    const nice = role === 'build' ? (o.buildNice ?? 0) : 0;
    const worker = new Worker(entry.code, { eval: true, workerData: { nice, rowsDir: o.rowsDir } });
    worker.unref(); // referenced while it has tasks (post)
    s.worker = worker;
    s.loaded = false;
    s.ready = new Promise<void>((resolve) => {
      const done = () => {
        s.loaded = true;
        failedStarts = 0;
        resolve();
      };
      post(s, { task: PROBE, resolve: done, reject: done });
      worker.once('exit', () => resolve());
    });
    type Reply = {
      id: number;
      check?: DecodeCheck;
      /** the checking thread answered; the rows are for a building thread */
      deferred?: boolean;
      result?: DecodeResult;
      heap?: number;
      error?: { code: string; message: string; status: number };
    };
    worker.on('message', (m: Reply) => {
      if (m.heap) s.heap = m.heap;
      if (m.check && m.deferred) {
        const p = settle(s, m.id);
        if (!p) return;
        answerCheck(p, m.check);
        p.mode = 'rows';
        // building threads that could not start (the pool gave up on them): the rows are built here
        return givenUp() ? inline(p) : post(builder(), p);
      }
      if (m.check) {
        const p = s.pending.get(m.id);
        if (p) answerCheck(p, m.check);
        return;
      }
      const p = settle(s, m.id);
      if (!p) return;
      if (m.error) return fail(p, new ArgusError(m.error.code, m.error.message, m.error.status));
      const result = revive(m.result!);
      if (!p.rows) answerCheck(p, { ...result, bytes: rowBytes(result) });
      p.rows!.resolve(result);
    });
    worker.on('error', (e) => (lastError = e.message)); // followed by 'exit'
    worker.on('exit', (code) => {
      const tasks = [...s.pending.values()].filter((t) => t.task !== PROBE);
      s.pending.clear();
      if (closing) return;
      if (!s.loaded && ++failedStarts === MAX_FAILED_STARTS) {
        // the code does not load on a worker (a broken install?): decode here rather than refuse every request
        onFallback?.(lastError || `exit code ${code}`);
      }
      // tasks already answered (acknowledged) are decoded once more, by the next worker or here, so their rows are
      // not lost with the worker; a second death fails them (the pipeline keeps their log records aside). Tasks not
      // yet answered fail with 500 (the client retries), or are decoded here once the pool gave up on workers
      const stopped = new ArgusError('INTERNAL', 'decode worker stopped', 500);
      const doomed = tasks.filter((t) => t.redone || (!t.rows && !givenUp()));
      const again = tasks.filter((t) => !doomed.includes(t));
      for (const t of doomed) fail(t, stopped);
      for (const t of again) if (t.rows) t.redone = true;
      if (givenUp()) return again.forEach(inline);
      spawn(s.role, s);
      for (const t of again) post(s, t);
    });
    return s;
  };
  const workers = Array.from({ length: threads }, (_, i) => spawn(threads === 1 ? 'both' : i === 0 ? 'check' : 'build'));
  // two threads or more: the first only checks (answers), the others build rows, so an answer never waits for
  // rows being built; one thread does both, checks first (decode-worker.ts)
  const checker = threads >= 2 ? workers[0] : undefined;
  const builders = checker ? workers.slice(1) : workers;
  const leastBusy = (slots: Slot[]) => slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  function builder(): Slot {
    const loaded = builders.filter((w) => w.loaded);
    return leastBusy(loaded.length ? loaded : builders); // not loaded yet: the task waits in its queue
  }
  /** the building thread that decodes this request in one pass, when the builders are that far behind */
  function onePass(task: DecodeTask): Slot | undefined {
    const backlog = o.onePassBacklog ?? 0;
    if (backlog <= 0 || task.signal !== 'traces' || task.format !== 'protobuf') return undefined;
    const b = builder();
    return b.loaded && b.pending.size >= backlog ? b : undefined;
  }
  return {
    decode(task) {
      return new Promise<Decoded>((resolve, reject) => {
        const p: Pending = { task, resolve, reject };
        // until a worker has loaded its code (seconds from TypeScript sources on a busy machine), tasks run here
        // rather than wait: the collector answers from its first second
        if (givenUp()) return inline(p);
        if (checker) {
          if (!checker.loaded) return inline(p);
          const b = onePass(task);
          if (b) {
            o.onOnePass?.();
            p.mode = 'rows';
            return post(b, p);
          }
          p.mode = 'check';
          return post(checker, p);
        }
        const loaded = workers.filter((w) => w.loaded);
        if (loaded.length === 0) return inline(p);
        post(leastBusy(loaded), p);
      });
    },
    async ready() {
      await Promise.all(workers.map((w) => w.ready));
    },
    heapBytes: () => workers.reduce((a, w) => a + w.heap, 0),
    async crashWorkers() {
      const answered = workers.reduce((n, w) => n + [...w.pending.values()].filter((p) => p.rows).length, 0);
      await Promise.all(workers.map((w) => w.worker.terminate()));
      return answered;
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

/** The start probe each worker answers once its code is loaded. */
const PROBE: DecodeTask = {
  signal: 'logs',
  tenant: '',
  format: 'json',
  encoding: 'identity',
  body: Buffer.from('{}'),
  limits: { minSec: 0, pointsMinSec: 0, maxSec: 0 },
  maxBodyBytes: 2,
};
