/**
 * Cooperative slicing of long loops on the main thread. The call resolver and the ingest pipeline's batch work run
 * over thousands of spans at a time; in one synchronous stretch that is tens of milliseconds during which no
 * request is read, no decode result is taken and no acknowledgement is sent (issue 19: ack p99 at half rate). A
 * slicer lets such a loop give the event loop a turn (setImmediate: after pending I/O) once `budgetMs` of work has
 * run since the last turn, and otherwise costs a clock read every few items.
 */
export interface Slicer {
  /** `fn` over `items` in order, with turns of the event loop between items once the budget is spent */
  map<T, R>(items: readonly T[], fn: (item: T, index: number) => R): Promise<R[]>;
  each<T>(items: Iterable<T>, fn: (item: T) => void): Promise<void>;
  /** a turn of the event loop if the budget is spent (between steps of different kinds) */
  pause(): Promise<void> | undefined;
  /** turns given so far (telemetry, tests) */
  readonly turns: number;
}

/** How many items run between clock reads. */
const CHECK_EVERY = 16;

export function createSlicer(budgetMs = 4): Slicer {
  let since = performance.now();
  let turns = 0;
  const turn = () =>
    new Promise<void>((resolve) =>
      setImmediate(() => {
        turns++;
        since = performance.now();
        resolve();
      }),
    );
  const spent = () => performance.now() - since > budgetMs;
  return {
    async map<T, R>(items: readonly T[], fn: (item: T, index: number) => R): Promise<R[]> {
      const out = new Array<R>(items.length);
      for (let i = 0; i < items.length; i++) {
        out[i] = fn(items[i], i);
        if (i % CHECK_EVERY === CHECK_EVERY - 1 && spent()) await turn();
      }
      return out;
    },
    async each(items, fn) {
      let i = 0;
      for (const item of items) {
        fn(item);
        if (++i % CHECK_EVERY === 0 && spent()) await turn();
      }
    },
    pause: () => (spent() ? turn() : undefined),
    get turns() {
      return turns;
    },
  };
}
