import { useEffect, useRef, useState } from 'react';
import { layout, type LayoutInput, type LayoutResult } from './layout';

type Result = LayoutResult & { engine: 'dagre' | 'fast' };

/**
 * Positions for a graph, computed in a Web Worker and only when the graph's shape (`key`: node and edge ids,
 * direction) changes, so live refreshes of the numbers never move the nodes. `input` must be memoized on `key`
 * by the caller (a new object only when the shape changes).
 */
export function useLayout(input: LayoutInput | null, key: string): { result: Result | null; error: string | null } {
  const [state, setState] = useState<{ key: string; result: Result | null; error: string | null }>({ key: '', result: null, error: null });
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (typeof Worker === 'undefined') return;
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  useEffect(() => {
    const inp = input;
    if (!inp) return;
    const id = ++seq.current;
    const w = worker.current;
    if (!w) {
      // no Worker (tests): same function on this thread
      setState({ key, result: layout(inp), error: null });
      return;
    }
    const onMessage = (e: MessageEvent<{ id: number; result?: Result; error?: string }>) => {
      if (e.data.id !== id) return;
      setState({ key, result: e.data.result ?? null, error: e.data.error ?? null });
    };
    w.addEventListener('message', onMessage);
    w.postMessage({ id, input: inp });
    return () => w.removeEventListener('message', onMessage);
  }, [input, key]);

  return state.key === key ? { result: state.result, error: state.error } : { result: state.result, error: null };
}
