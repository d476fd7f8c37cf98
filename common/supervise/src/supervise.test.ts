import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { spawnChild } from './child.js';
import { assertPortsFree, findFreePort, PortInUseError } from './ports.js';
import { descendantPids, isAlive } from './proc-tree.js';
import { stopInOrder } from './stop.js';

const node = (code: string) => ['-e', code];

describe('spawnChild', () => {
  it('relays output lines, stops with the clean signal and reports the exit', async () => {
    const lines: string[] = [];
    const child = spawnChild({
      name: 'clean',
      // the handler is installed before 'ready' is printed: otherwise a busy machine can deliver SIGTERM in between
      args: node(
        `process.on('SIGTERM', () => { console.log('flushing'); process.exit(0); }); console.log('ready'); setInterval(() => {}, 1000);`,
      ),
      onLine: (l) => lines.push(l),
    });
    while (!lines.includes('ready')) await new Promise((r) => setTimeout(r, 20));
    const exit = await child.stop(5000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(lines).toEqual(['ready', 'flushing']);
  });

  it('kills a child that ignores the stop signal after the grace period, with its whole process group', async () => {
    const lines: string[] = [];
    const child = spawnChild({
      name: 'stubborn',
      // a grandchild in the same group, and a parent that ignores SIGTERM
      args: node(`require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
        process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000);`),
      onLine: (l) => lines.push(l),
    });
    while (!lines.includes('ready')) await new Promise((r) => setTimeout(r, 20));
    let grandchildren: number[] = [];
    while (grandchildren.length === 0) grandchildren = descendantPids(child.pid);
    const exit = await child.stop(300);
    expect(exit.signal).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    expect(grandchildren.filter(isAlive)).toEqual([]);
  });

  it('stopInOrder asks the next child to stop only once the previous one has exited', async () => {
    const events: string[] = [];
    const ups: Promise<void>[] = [];
    const make = (name: string, stopMs: number) => {
      let up = () => {};
      ups.push(new Promise<void>((r) => (up = r)));
      return spawnChild({
        name,
        args: node(
          `process.on('SIGTERM', () => { console.log('term'); setTimeout(() => process.exit(0), ${stopMs}); }); console.log('up'); setInterval(() => {}, 1000);`,
        ),
        onLine: (l) => {
          if (l === 'up') up();
          if (l === 'term') events.push(`${name} term`);
        },
      });
    };
    const children = [make('demo', 300), make('agent', 100), make('collector', 0)];
    await Promise.all(ups); // each child handles SIGTERM once it printed 'up' (a fixed sleep lost that race on a busy machine)
    await stopInOrder(children, 5000, (c) => events.push(`${c.name} exited`));
    expect(events).toEqual(['demo term', 'demo exited', 'agent term', 'agent exited', 'collector term', 'collector exited']);
  });
});

describe('ports', () => {
  it('names the owner and the flag of a port already in use', async () => {
    const port = await findFreePort();
    const server = createServer();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    try {
      const err = await assertPortsFree([{ port, owner: 'collector API', flag: '--api-port' }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PortInUseError);
      expect((err as Error).message).toBe(
        `port ${port} (collector API) is already in use on 127.0.0.1: stop what uses it or pick another port with --api-port <port>`,
      );
    } finally {
      server.close();
    }
  });

  it('refuses the same port given to two components', async () => {
    const port = await findFreePort();
    await expect(
      assertPortsFree([
        { port, owner: 'collector API', flag: '--api-port' },
        { port, owner: 'agent', flag: '--agent-port' },
      ]),
    ).rejects.toThrow(/given to both collector API \(--api-port\) and agent \(--agent-port\)/);
  });
});

describe('waitForHttp', () => {
  it('reports the abort (a child that exited during start) even when nothing else keeps the process alive', async () => {
    // in a process of its own: in this test worker other handles keep the event loop busy
    const port = await findFreePort();
    const script = `
      import { spawn } from 'node:child_process';
      import { waitForHttp } from ${JSON.stringify(new URL('./wait.ts', import.meta.url).pathname)};
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => process.exit(13), 300)'], { stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      await waitForHttp('http://127.0.0.1:${port}/health', {
        timeoutMs: 20_000,
        abort: exited.then((code) => new Error('the collector exited during start (code ' + code + ')')),
      }).catch((err) => console.log(err.message));`;
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.once('exit', (code) => resolve({ code, stdout }));
    });
    expect(out).toEqual({ code: 0, stdout: 'the collector exited during start (code 13)\n' });
  });
});
