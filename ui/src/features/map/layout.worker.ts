/// <reference lib="webworker" />
import { layout, type LayoutInput } from './layout';

/** Runs the layout off the main thread: message in `{ id, input }`, out `{ id, result }` or `{ id, error }`. */
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<{ id: number; input: LayoutInput }>) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = (e) => {
  const { id, input } = e.data;
  try {
    scope.postMessage({ id, result: layout(input) });
  } catch (err) {
    scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
