import type { ChildExit, ChildHandle } from './child.js';

/**
 * Stops children one after the other, in the given order (e.g. apps, then the agent, then the collector, so
 * each one's last data is flushed to a receiver that is still up). Never throws.
 */
export async function stopInOrder(
  children: ChildHandle[],
  graceMs: number | ((child: ChildHandle) => number),
  onStopped?: (child: ChildHandle, exit: ChildExit, ms: number) => void,
): Promise<void> {
  for (const child of children) {
    const started = Date.now();
    const exit = await child
      .stop(typeof graceMs === 'number' ? graceMs : graceMs(child))
      .catch((): ChildExit => ({ code: null, signal: null }));
    onStopped?.(child, exit, Date.now() - started);
  }
}
