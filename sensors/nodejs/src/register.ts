/**
 * ESM entry: `node --import @argus/nodejs/register app.js`. For ES module apps it registers the
 * import-in-the-middle loader hook (limited to the modules an instrumentation asked for) so ES modules can be
 * patched; CommonJS apps skip it (require-in-the-middle patches `require`, and the loader thread would cost
 * ~20 MB and startup time for nothing). ARGUS_ESM_HOOK=on|off overrides the detection. Then starts the tracer.
 */
import * as module from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { entryIsEsm } from './entry-format.js';
import { startTracer } from './index.js';

let waitForHooks: (() => Promise<void>) | undefined;
try {
  const mode = (process.env.ARGUS_ESM_HOOK ?? 'auto').toLowerCase();
  const wanted = mode === 'on' || (mode !== 'off' && process.env.ARGUS_TRACING !== 'off' && entryIsEsm());
  const register = (module as { register?: (specifier: string, parentURL: string, options?: object) => void }).register;
  if (wanted && typeof register === 'function') {
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
    waitForHooks = waitForAllMessagesAcknowledged;
  }
} catch (err) {
  process.stderr.write(
    `[argus] warn: ES module hook not registered, only CommonJS modules are traced: ${(err as Error)?.message ?? err}\n`,
  );
}

startTracer();

if (waitForHooks) {
  try {
    await waitForHooks();
  } catch {
    // the loader did not answer: modules load unpatched, the app still runs
  }
}
