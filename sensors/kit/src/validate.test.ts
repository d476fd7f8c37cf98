import { describe, expect, it } from 'vitest';
import { parseProcStat } from './proc.js';
import { collectResultProblems } from './validate.js';

describe('collect result validation (used by the conformance suite and the supervisor)', () => {
  it('accepts well-formed results', () => {
    expect(
      collectResultProblems({
        metrics: [{ name: 'system.cpu.time', value: 1.5, kind: 'counter', attributes: { cpu: 0, state: 'user', on: true } }],
        snapshots: [{ id: 'redis:h:6379', type: 'redis', name: 'redis', attributes: {} }],
        events: [{ severity: 'warning', code: 'REDIS_AUTH_FAILED', message: 'bad password' }],
      }),
    ).toEqual([]);
  });
  it('names every problem', () => {
    const problems = collectResultProblems({
      metrics: [
        { name: '', value: 1 },
        { name: 'a', value: NaN },
        { name: 'b', value: -1, kind: 'counter' },
        { name: 'c', value: 1, attributes: { x: { nested: 1 } as never } },
      ],
      snapshots: [{ id: 'noid', type: 'x', name: 'y', attributes: {} }],
      events: [
        { severity: 'loud' as never, code: 'X', message: 'm' },
        { severity: 'info', code: 'lower', message: 'm' },
      ],
    });
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(
      /finite number[\s\S]*must not be negative[\s\S]*attribute x[\s\S]*<type>:<key>[\s\S]*severity[\s\S]*UPPER_SNAKE/,
    );
    expect(collectResultProblems(undefined as never)).toHaveLength(1);
  });
  it('parses /proc/<pid>/stat with spaces and parentheses in the command name', () => {
    const line = '4242 (tmux: server (1)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 150 30 0 0 20 0 3 0 12345 1000000 500 18446744073709551615';
    expect(parseProcStat(line)).toMatchObject({
      pid: 4242,
      comm: 'tmux: server (1)',
      state: 'S',
      ppid: 1,
      utime: 150,
      stime: 30,
      numThreads: 3,
      starttime: 12345,
      rssPages: 500,
    });
  });
});
