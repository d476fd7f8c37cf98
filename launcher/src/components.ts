import { join } from 'node:path';
import { COLLECTOR_NODE_FLAGS, mallocEnv, orphanGuardPath, spawnChild, waitForHttp, type ChildHandle } from '@argus/supervise';
import type { StartOptions } from './options.js';

export interface Component {
  child: ChildHandle;
  /** how long it took to come up, ms */
  readyMs: number;
}

export interface ComponentHooks {
  /** a progress line from a child (already filtered) */
  progress: (component: string, message: string) => void;
  /** called as soon as a child exists, so a stop during the start reaches it */
  register: (child: ChildHandle) => void;
  logDir: string;
}

interface PinoLine {
  level?: number;
  msg?: string;
  err?: string | { message?: string };
  [field: string]: unknown;
}

/** Context fields worth appending to a progress line, e.g. "applying migration 002-spans.sql". */
const DETAIL_FIELDS = ['migration', 'sensor', 'target', 'module', 'path'];

function describe(line: PinoLine): string {
  const details = DETAIL_FIELDS.map((f) => line[f]).filter((v) => typeof v === 'string' || typeof v === 'number');
  const err = typeof line.err === 'string' ? line.err : line.err?.message;
  return [line.msg ?? '', ...details].join(' ') + (err ? ` (${err.trim()})` : '');
}

/** Picks what a newcomer should see from a child's log line: progress steps and errors. */
function relay(component: string, hooks: ComponentHooks, show: RegExp) {
  return (line: string) => {
    let parsed: PinoLine | undefined;
    if (line.startsWith('{')) {
      try {
        parsed = JSON.parse(line) as PinoLine;
      } catch {
        parsed = undefined;
      }
    }
    if (parsed) {
      if ((parsed.level ?? 30) >= 50) hooks.progress(component, `error: ${describe(parsed)}`);
      else if (show.test(parsed.msg ?? '')) hooks.progress(component, describe(parsed));
    } else if (/error|failed/i.test(line)) {
      hooks.progress(component, line.trim());
    }
  };
}

const tsx = (root: string, entry: string) => ['--import', 'tsx', '--import', orphanGuardPath, join(root, entry)];

/** What the launcher hands the collector: the default ingest key, an instance-admin token, the first owner's password. */
export interface CollectorCredentials {
  ingestKey: string;
  adminToken: string;
  /** used by the collector only when it creates the owner account (first start) */
  adminPassword?: string;
}

/**
 * Starts the collector (embedded ClickHouse unless ARGUS_CLICKHOUSE_URL is set) and waits for both its ports.
 * `ownerCreated` is the owner's e-mail when this start created the owner account (its log says so).
 */
export async function startCollectorChild(
  root: string,
  opts: StartOptions,
  creds: CollectorCredentials,
  hooks: ComponentHooks,
): Promise<Component & { ownerCreated?: string }> {
  const started = Date.now();
  let ownerCreated: string | undefined;
  const show = relay('collector', hooks, /ClickHouse|migration|starting /i);
  const child = spawnChild({
    name: 'collector',
    cwd: root,
    args: [...COLLECTOR_NODE_FLAGS, ...tsx(root, 'collector/src/main.ts')],
    logFile: join(hooks.logDir, 'collector.log'),
    env: {
      ...mallocEnv(),
      ARGUS_INGEST_PORT: String(opts.ingestPort),
      ARGUS_API_PORT: String(opts.apiPort),
      ARGUS_DATA_DIR: opts.dataDir,
      ARGUS_INGEST_KEY: creds.ingestKey,
      ARGUS_ADMIN_TOKEN: creds.adminToken,
      ...(creds.adminPassword ? { ARGUS_ADMIN_PASSWORD: creds.adminPassword } : {}),
    },
    onLine: (line) => {
      if (line.includes('"owner account created"')) {
        try {
          const email = (JSON.parse(line) as { email?: unknown }).email;
          ownerCreated = typeof email === 'string' ? email : '';
        } catch {
          ownerCreated = '';
        }
      }
      show(line);
    },
  });
  hooks.register(child);
  await ready(child, `http://127.0.0.1:${opts.apiPort}/health`, 'the collector API', 180_000, hooks.logDir);
  await ready(child, `http://127.0.0.1:${opts.ingestPort}/health`, 'the collector ingest port', 10_000, hooks.logDir);
  return { child, readyMs: Date.now() - started, ownerCreated };
}

/** Starts this host's agent, reporting to the collector with the default key, and waits for its tracer port. */
export async function startAgentChild(root: string, opts: StartOptions, ingestKey: string, hooks: ComponentHooks): Promise<Component> {
  const started = Date.now();
  const child = spawnChild({
    name: 'agent',
    cwd: root,
    args: tsx(root, 'agent/src/main.ts'),
    logFile: join(hooks.logDir, 'agent.log'),
    env: {
      ARGUS_ENDPOINT: `http://127.0.0.1:${opts.ingestPort}`,
      ARGUS_KEY: ingestKey,
      ARGUS_AGENT_PORT: String(opts.agentPort),
      ARGUS_AGENT_DATA_DIR: join(opts.dataDir, 'agent'),
    },
    onLine: relay('agent', hooks, /sensor loaded|listening/i),
  });
  hooks.register(child);
  await ready(child, `http://127.0.0.1:${opts.agentPort}/`, 'the agent', 60_000, hooks.logDir);
  return { child, readyMs: Date.now() - started };
}

async function ready(child: ChildHandle, url: string, what: string, timeoutMs: number, logDir: string): Promise<void> {
  const log = join(logDir, `${child.name}.log`);
  try {
    await waitForHttp(url, {
      what,
      timeoutMs,
      abort: child.exited.then((e) => new Error(`${child.name} exited during start (${e.signal ?? `code ${String(e.code)}`}); see ${log}`)),
    });
  } catch (err) {
    await child.stop(5000);
    throw err;
  }
}
