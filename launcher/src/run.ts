import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PortInUseError, stopInOrder, type ChildHandle } from '@argus/supervise';
import { startAgentChild, startCollectorChild, type ComponentHooks } from './components.js';
import { startDemoChild, type DemoReady } from './demo.js';
import type { StartOptions } from './options.js';
import type { Output } from './output.js';
import { renderSummary } from './output.js';
import { checkInstall, checkPorts, PreflightError } from './preflight.js';
import { loadOrCreateState } from './state.js';

/** how long each component may take to flush and stop before it is killed */
const GRACE_MS: Record<string, number> = { demo: 25_000, agent: 15_000, collector: 30_000 };
/** stop order: apps first, then the agent they send to, then the collector everything goes to */
const STOP_RANK = ['demo', 'agent', 'collector'];
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The start command: checks, then the collector, then the agent and the demo shop side by side, each awaited
 * until it answers; then the summary. Stops everything (demo, agent, collector) on SIGINT/SIGTERM or when a
 * component dies. Resolves with the process exit code.
 */
export async function runStart(opts: StartOptions, out: Output, root: string): Promise<number> {
  out.raw(`\nArgus: starting on this machine (data in ${opts.dataDir})\n`);
  try {
    for (const line of checkInstall(root, opts)) out.ok(line);
    out.ok(await checkPorts(opts));
  } catch (err) {
    out.fail((err as Error).message);
    return err instanceof PortInUseError || err instanceof PreflightError ? 2 : 1;
  }
  const state = loadOrCreateState(opts.dataDir, process.env.ARGUS_INGEST_KEY || undefined, process.env.ARGUS_ADMIN_TOKEN || undefined);
  // the first owner's password: the user's ARGUS_ADMIN_PASSWORD (inherited by the collector), else one made here and
  // printed only if the collector reports that it created the owner account with it (never stored)
  const adminPassword = process.env.ARGUS_ADMIN_PASSWORD ? undefined : randomBytes(15).toString('base64url');
  out.ok(
    state.fresh
      ? `default ingest key and admin token created (kept in ${join(opts.dataDir, 'argus-start.json')})`
      : `reusing the data directory ${opts.dataDir} (data, ingest key and admin token kept)`,
  );

  const children: ChildHandle[] = [];
  const logDir = join(opts.dataDir, 'logs');
  const hooks: ComponentHooks = { logDir, progress: (c, m) => out.from(c, m), register: (child) => children.push(child) };
  let stopping: Promise<void> | undefined;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  let exitCode = 0;
  let forced = false;
  const stopAll = (reason: string, code: number): Promise<void> => {
    if (stopping) return stopping;
    exitCode = code;
    out.raw(`\n${reason}: stopping (press Ctrl-C again to kill at once)\n`);
    const ordered = [...children].sort((a, b) => STOP_RANK.indexOf(a.name) - STOP_RANK.indexOf(b.name));
    stopping = stopInOrder(
      ordered,
      (child) => GRACE_MS[child.name] ?? 15_000,
      (child, exit, ms) => {
        const how = exit.signal === 'SIGKILL' && !forced ? 'killed after its grace period' : 'stopped';
        out.ok(`${child.name} ${how} (${secs(ms)})`);
      },
    ).then(finished);
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      forced = true;
      for (const child of children) void child.stop(0);
      return;
    }
    void stopAll(`${signal} received`, 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let demo: DemoReady | undefined;
  let owner: { email: string; password?: string } | undefined;
  try {
    out.step('starting the collector (embedded ClickHouse, migrations, ingest and query API)');
    const collector = await startCollectorChild(
      root,
      opts,
      { ingestKey: state.ingestKey, adminToken: state.adminToken, adminPassword },
      hooks,
    );
    out.ok(`collector ready in ${secs(collector.readyMs)} (pid ${collector.child.pid})`);
    if (collector.ownerCreated !== undefined) owner = { email: collector.ownerCreated, password: adminPassword };
    // the agent and the demo shop come up side by side (the demo waits for the agent before its services start)
    const startAgent = async () => {
      out.step('starting the agent for this host');
      const agent = await startAgentChild(root, opts, state.ingestKey, hooks);
      out.ok(`agent ready in ${secs(agent.readyMs)} (pid ${agent.child.pid})`);
    };
    const startDemo = async () => {
      out.step('starting the demo shop');
      const started = await startDemoChild(root, opts, { ingestKey: state.ingestKey, apiToken: state.adminToken }, hooks);
      out.ok(`demo shop ready in ${secs(started.readyMs)} (pid ${started.child.pid})`);
      demo = started.info;
    };
    // both settle before a failure is reported, so nothing is left half started
    const results = await Promise.allSettled([
      opts.agent && !stopping ? startAgent() : undefined,
      opts.demo && !stopping ? startDemo() : undefined,
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    if (!stopping) {
      out.fail((err as Error).message);
      await stopAll('start failed', 1);
    }
  }
  if (!stopping) {
    out.raw(
      renderSummary({
        apiUrl: `http://127.0.0.1:${opts.apiPort}`,
        ingestUrl: `http://127.0.0.1:${opts.ingestPort}`,
        agentUrl: opts.agent ? `http://127.0.0.1:${opts.agentPort}` : undefined,
        // credentials are shown once, when created; argus-start.json keeps the key and the token
        ingestKey: state.fresh ? state.ingestKey : undefined,
        adminToken: state.adminTokenCreated ? state.adminToken : undefined,
        owner,
        stateFile: join(opts.dataDir, 'argus-start.json'),
        dataDir: opts.dataDir,
        logDir,
        demo,
      }),
    );
    // supervision: a component that dies takes the others down with a message (its log says why)
    for (const child of children) {
      void child.exited.then((e) => {
        if (stopping) return;
        out.fail(`${child.name} exited unexpectedly (${e.signal ?? `code ${String(e.code)}`}); see ${join(logDir, `${child.name}.log`)}`);
        void stopAll(`${child.name} failed`, 1);
      });
    }
  }
  await done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  out.raw('Argus stopped.\n');
  return exitCode;
}
