import { expect, it } from 'vitest';
import { spawnChild } from './child.js';
import { mallocEnv } from './malloc-env.js';

it('gives a child the bounded glibc malloc settings, and keeps the ones the user set', async () => {
  expect(mallocEnv({})).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' });
  expect(mallocEnv({ MALLOC_ARENA_MAX: '8' })).toEqual({ MALLOC_MMAP_THRESHOLD_: '131072' });
  // the child sees them in its environment, where glibc reads them at start
  const lines: string[] = [];
  const child = spawnChild({
    name: 'env',
    args: ['-e', 'console.log(process.env.MALLOC_ARENA_MAX + " " + process.env.MALLOC_MMAP_THRESHOLD_)'],
    env: mallocEnv({}),
    onLine: (l) => lines.push(l),
  });
  await child.exited;
  expect(lines).toEqual(['2 131072']);
});
