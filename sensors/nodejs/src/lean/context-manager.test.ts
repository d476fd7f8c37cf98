/* eslint-disable prefer-rest-params -- the test functions report exactly the arguments they were called with */
import { createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createContextManager } from './context-manager.js';

const KEY = createContextKey('test');

describe('lean context manager', () => {
  it('bound functions run in their context with `this` and every argument, and keep their length', () => {
    const cm = createContextManager();
    const ctx = ROOT_CONTEXT.setValue(KEY, 'bound');
    const fns = [
      function (this: unknown, ...rest: unknown[]) {
        return [this, cm.active().getValue(KEY), rest];
      },
      function (this: unknown, a: unknown) {
        return [this, cm.active().getValue(KEY), [...arguments], a];
      },
      function (this: unknown, a: unknown, b: unknown, c: unknown) {
        return [this, cm.active().getValue(KEY), [...arguments], a, b, c];
      },
      function (this: unknown, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown) {
        return [this, cm.active().getValue(KEY), [...arguments], a, b, c, d, e, f];
      },
    ];
    const self = { name: 'self' };
    for (const fn of fns) {
      const bound = cm.bind(ctx, fn);
      expect(bound.length).toBe(fn.length);
      expect(bound).not.toBe(fn);
      expect(bound.call(self, 1, 2, 3, 4, 5, 6, 7)).toEqual(fn.call(self, 1, 2, 3, 4, 5, 6, 7).map((v, i) => (i === 1 ? 'bound' : v)));
      expect(cm.active().getValue(KEY)).toBeUndefined();
    }
    // an express error handler stays one: four declared parameters
    expect(cm.bind(ctx, (_err: unknown, _req: unknown, _res: unknown, _next: unknown) => 0).length).toBe(4);
  });

  it('binds event emitter listeners to the context of the bind, and removes them by the original listener', () => {
    const cm = createContextManager();
    const ee = cm.bind(ROOT_CONTEXT.setValue(KEY, 'emitter'), new EventEmitter());
    const seen: unknown[] = [];
    const listener = (v: unknown) => seen.push([v, cm.active().getValue(KEY)]);
    ee.on('x', listener);
    cm.with(ROOT_CONTEXT.setValue(KEY, 'other'), () => ee.emit('x', 1));
    ee.off('x', listener);
    ee.emit('x', 2);
    expect(seen).toEqual([[1, 'emitter']]);
  });
});
