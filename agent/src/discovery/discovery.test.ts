import { afterEach, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import pino from 'pino';
import { startDiscovery, type DiscoveryDiff } from './index.js';
import { createProcessScanner } from './scanner.js';
import { startListener, type Listener } from '../../testing/listener.js';
import { waitFor } from '../../testing/recorder.js';

describe("process discovery on this machine's /proc", () => {
  let listener: Listener | undefined;
  let stop: (() => void) | undefined;
  afterEach(async () => {
    stop?.();
    await listener?.kill();
  });

  it('finds a new process with its cmdline and listening port, then reports it gone', async () => {
    const diffs: DiscoveryDiff[] = [];
    const intervalMs = 500;
    const d = startDiscovery({
      procRoot: '/proc',
      hostRoot: '/',
      intervalMs,
      log: pino({ level: 'silent' }),
      onDiff: (x) => diffs.push(x),
    });
    stop = () => d.stop();
    d.tick();
    expect(d.processes().length).toBeGreaterThan(1);
    expect(d.processes().some((p) => p.name === '')).toBe(false);

    listener = await startListener();
    const { pid, port, marker } = listener;
    // the bound: a new process is found within 5 s
    const found = await waitFor(() => d.get(pid)?.listenPorts.includes(port) && d.get(pid), 5000, 'the listener with its port');
    expect(found.cmdline).toEqual([process.execPath, '-e', expect.stringContaining('createServer'), marker]);
    expect(found.name).toBe('node');
    expect(found.exe).toBe(process.execPath);
    expect(found.ppid).toBe(process.pid);
    expect(found.uid).toBe(process.getuid!());
    expect(found.user).toBe(process.getuid!() === 0 ? 'root' : expect.any(String));
    expect(Math.abs(found.startTime - Date.now())).toBeLessThan(60_000);
    expect(diffs.some((x) => x.added.some((p) => p.pid === pid))).toBe(true);

    await listener.kill();
    await waitFor(() => diffs.some((x) => x.removed.some((p) => p.pid === pid)), 5000, 'the listener to be reported removed');
    expect(d.get(pid)).toBeUndefined();
    expect(hostname()).toBeTruthy();
  });

  it('notices when an already-known process starts listening', async () => {
    const diffs: DiscoveryDiff[] = [];
    const d = startDiscovery({
      procRoot: '/proc',
      hostRoot: '/',
      intervalMs: 60_000,
      portsMinIntervalMs: 0,
      log: pino({ level: 'silent' }),
      onDiff: (x) => diffs.push(x),
    });
    stop = () => d.stop();
    listener = await startListener({ deferred: true });
    d.tick();
    expect(d.get(listener.pid)?.listenPorts).toEqual([]);
    const port = await listener.listen();
    d.tick();
    expect(d.get(listener.pid)?.listenPorts).toEqual([port]);
    expect(diffs.at(-1)?.changed.map((p) => p.pid)).toContain(listener.pid);
  });

  it('finds the port of a long-known process through the periodic LISTEN table refresh', async () => {
    const scanner = createProcessScanner({ procRoot: '/proc', hostRoot: '/', youngMs: 0, portsRefreshMs: 0, verifyEvery: 1 });
    listener = await startListener({ deferred: true });
    scanner.scan();
    expect(scanner.get(listener.pid)?.listenPorts).toEqual([]);
    const port = await listener.listen();
    const diff = scanner.scan();
    expect(scanner.get(listener.pid)?.listenPorts).toEqual([port]);
    expect(diff.changed.map((p) => p.pid)).toContain(listener.pid);
  });
});
