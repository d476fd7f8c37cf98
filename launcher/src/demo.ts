import { join } from 'node:path';
import { orphanGuardPath, spawnChild } from '@argus/supervise';
import type { Component, ComponentHooks } from './components.js';
import type { StartOptions } from './options.js';

export interface DemoReady {
  storefrontUrl: string;
  gatewayUrl: string;
  stores: { catalog: string; carts: string };
  eum: boolean;
  visitorSkipped?: string;
}

type DemoMessage = { type: 'progress'; message: string } | ({ type: 'ready' } & DemoReady) | { type: 'error'; message: string };

/** Starts the demo shop supervisor (demo/src/main.ts) and waits for its "ready" message. */
export async function startDemoChild(
  root: string,
  opts: StartOptions,
  creds: { ingestKey: string; apiToken: string },
  hooks: ComponentHooks,
): Promise<Component & { info: DemoReady }> {
  const started = Date.now();
  const target = opts.agent
    ? ['--agent-port', String(opts.agentPort)]
    : ['--endpoint', `http://127.0.0.1:${opts.ingestPort}`, '--key', creds.ingestKey];
  let settle: { resolve: (r: DemoReady) => void; reject: (e: Error) => void } | undefined;
  const readyMessage = new Promise<DemoReady>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const child = spawnChild({
    name: 'demo',
    cwd: root,
    logFile: join(hooks.logDir, 'demo.log'),
    // the demo creates its EUM website through the API with this token
    env: { ARGUS_API_TOKEN: creds.apiToken },
    args: [
      '--import',
      'tsx',
      '--import',
      orphanGuardPath,
      join(root, 'demo/src/main.ts'),
      ...target,
      '--api-url',
      `http://127.0.0.1:${opts.apiPort}`,
      '--data-dir',
      opts.dataDir,
      '--port',
      String(opts.demoPort),
      '--rps',
      String(opts.rps),
      ...(opts.visitor ? [] : ['--no-visitor']),
    ],
    onMessage: (raw) => {
      const m = raw as DemoMessage;
      if (m.type === 'progress') hooks.progress('demo', m.message);
      else if (m.type === 'ready') settle?.resolve(m);
      else if (m.type === 'error') settle?.reject(new Error(`the demo shop failed to start: ${m.message}`));
    },
  });
  hooks.register(child);
  void child.exited.then((e) =>
    settle?.reject(
      new Error(`the demo shop exited during start (${e.signal ?? `code ${String(e.code)}`}); see ${join(hooks.logDir, 'demo.log')}`),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    const info = await Promise.race([
      readyMessage,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the demo shop did not start within 180 s')), 180_000);
      }),
    ]);
    return { child, readyMs: Date.now() - started, info };
  } catch (err) {
    await child.stop(15_000);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
