import { useCallback, useEffect, useRef, useState } from 'react';
import type { LayoutInput, LayoutResult } from './layout';

type Result = LayoutResult & { engine: 'dagre' | 'fast' };

/**
 * The worker index.html started for the page it opened on (ui/build/route-preload.ts), handed over once and only
 * when it runs the script `name` was built into (e.g. layout.worker: assets/layout.worker-<hash>.js): a page opened
 * on /map has its layout worker loaded before the app's code has run.
 */
export function takeEarlyWorker(name: string): Worker | null {
  const w = window as unknown as { __argusWorker?: { url: string; worker: Worker } };
  const early = w.__argusWorker;
  if (!early?.url.split('/').pop()?.startsWith(`${name}-`)) return null;
  delete w.__argusWorker;
  return early.worker;
}

/**
 * The layout Web Worker, started when the map view mounts (or by index.html, when the page opened on the map): its
 * script loads while the map's data is still on the way, so the layout starts the moment the data arrives. A getter
 * (null where there is no Worker: tests), called from effects: the first call starts the worker, unmounting the view
 * stops it.
 */
export function useLayoutWorker(): () => Worker | null {
  const ref = useRef<Worker | null>(null);
  const get = useCallback(() => {
    if (typeof Worker === 'undefined') return null;
    // Vite finds the worker by this exact form (new Worker(new URL(...))): the URL cannot be a variable
    ref.current ??= takeEarlyWorker('layout.worker') ?? new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    return ref.current;
  }, []);
  useEffect(() => {
    get();
    return () => {
      ref.current?.terminate();
      ref.current = null;
    };
  }, [get]);
  return get;
}

/**
 * Positions for a graph, computed in a worker of its own (see useLayoutIn) and only when the graph's shape (`key`:
 * node and edge ids, direction) changes, so live refreshes of the numbers never move the nodes. `input` must be
 * memoized on `key` by the caller (a new object only when the shape changes).
 */
export function useLayout(input: LayoutInput | null, key: string): { result: Result | null; error: string | null } {
  return useLayoutIn(useLayoutWorker(), input, key);
}

/** useLayout in a worker the caller started earlier (useLayoutWorker), e.g. before the graph's data arrived. */
export function useLayoutIn(
  worker: () => Worker | null,
  input: LayoutInput | null,
  key: string,
): { result: Result | null; error: string | null } {
  const [state, setState] = useState<{ key: string; result: Result | null; error: string | null }>({ key: '', result: null, error: null });
  const seq = useRef(0);

  useEffect(() => {
    const inp = input;
    if (!inp) return;
    const id = ++seq.current;
    const w = worker();
    if (!w) {
      // no Worker (tests): the same function on this thread, loaded on demand (not in the map's bundle)
      void import('./layout').then(({ layout }) => {
        if (id === seq.current) setState({ key, result: layout(inp), error: null });
      });
      return;
    }
    const onMessage = (e: MessageEvent<{ id: number; result?: Result; error?: string }>) => {
      if (e.data.id !== id) return;
      setState({ key, result: e.data.result ?? null, error: e.data.error ?? null });
    };
    w.addEventListener('message', onMessage);
    w.postMessage({ id, input: inp });
    return () => w.removeEventListener('message', onMessage);
  }, [worker, input, key]);

  return state.key === key ? { result: state.result, error: state.error } : { result: state.result, error: null };
}
