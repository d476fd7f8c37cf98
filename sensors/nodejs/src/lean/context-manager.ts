import { ROOT_CONTEXT, type Context, type ContextManagementToken, type ContextManager } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';

/** The context manager plus `enter`, which the HTTP server uses to make a request's context current. */
export interface LeanContextManager extends ContextManager {
  /** makes `ctx` the current context for the rest of this execution and what it schedules (AsyncLocalStorage.enterWith) */
  enter: (ctx: Context) => void;
}

type Listener = (...args: unknown[]) => unknown;
const ADD = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const;
const kPatched = Symbol('argus.context.listeners');
type Patched = EventEmitter & { [kPatched]?: Map<string | symbol, WeakMap<Listener, Listener>> };

const apply = (fn: Listener, self: unknown, args: unknown[]) => fn.apply(self, args);

type Bind = (als: AsyncLocalStorage<Context>, ctx: Context, fn: Listener) => Listener;
/* eslint-disable @typescript-eslint/no-unused-vars, prefer-rest-params -- declared parameters give each wrapper its `length`, `arguments` passes every argument on */
/**
 * Bound functions keep the length of the function they wrap (frameworks read it: express tells error handlers by
 * it). Declaring the parameters gives a wrapper its length for free; redefining `length` costs ~0.4 µs per bind.
 */
const BIND_BY_ARITY: Bind[] = [
  (als, ctx, fn) =>
    function (this: unknown) {
      return als.run(ctx, apply, fn, this, arguments as never);
    },
  (als, ctx, fn) =>
    function (this: unknown, a: unknown) {
      return als.run(ctx, apply, fn, this, arguments as never);
    },
  (als, ctx, fn) =>
    function (this: unknown, a: unknown, b: unknown) {
      return als.run(ctx, apply, fn, this, arguments as never);
    },
  (als, ctx, fn) =>
    function (this: unknown, a: unknown, b: unknown, c: unknown) {
      return als.run(ctx, apply, fn, this, arguments as never);
    },
  (als, ctx, fn) =>
    function (this: unknown, a: unknown, b: unknown, c: unknown, d: unknown) {
      return als.run(ctx, apply, fn, this, arguments as never);
    },
];
/* eslint-enable @typescript-eslint/no-unused-vars, prefer-rest-params */

/**
 * The one AsyncLocalStorage of the tracer behind the OpenTelemetry context API. Same behaviour as
 * @opentelemetry/context-async-hooks's AsyncLocalStorageContextManager (with(), bind() of functions and event
 * emitters, attach()), plus enter() for the diagnostics_channel HTTP server path, which cannot wrap the handler.
 */
export function createContextManager(): LeanContextManager {
  const als = new AsyncLocalStorage<Context>();
  let wrapping = false;

  const active = () => als.getStore() ?? ROOT_CONTEXT;
  const runIn = <A extends unknown[], R>(ctx: Context, fn: (...args: A) => R, self: unknown, args: A): R =>
    self == null ? als.run(ctx, fn, ...args) : (als.run(ctx, apply, fn as Listener, self, args) as R);

  const bindFunction = <T extends Listener>(ctx: Context, fn: T): T => {
    const byArity = BIND_BY_ARITY[fn.length];
    if (byArity !== undefined) return byArity(als, ctx, fn) as T;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      return als.run(ctx, apply, fn, this, args);
    };
    Object.defineProperty(wrapped, 'length', { enumerable: false, configurable: true, writable: false, value: fn.length });
    return wrapped as unknown as T;
  };

  const bindEmitter = (ctx: Context, ee: Patched): Patched => {
    if (ee[kPatched]) return ee;
    const map = new Map<string | symbol, WeakMap<Listener, Listener>>();
    ee[kPatched] = map;
    for (const name of ADD) {
      const original = ee[name].bind(ee) as (event: string | symbol, listener: Listener) => EventEmitter;
      ee[name] = function (event: string | symbol, listener: Listener) {
        // once() calls on() with its own wrapper: bind only the outer call, or removeListener would miss it
        if (wrapping) return original(event, listener);
        let byListener = map.get(event);
        if (!byListener) map.set(event, (byListener = new WeakMap()));
        const bound = bindFunction(ctx, listener);
        byListener.set(listener, bound);
        wrapping = true;
        try {
          return original(event, bound);
        } finally {
          wrapping = false;
        }
      } as never;
    }
    for (const name of ['removeListener', 'off'] as const) {
      const original = ee[name].bind(ee) as (event: string | symbol, listener: Listener) => EventEmitter;
      ee[name] = function (event: string | symbol, listener: Listener) {
        return original(event, map.get(event)?.get(listener) ?? listener);
      } as never;
    }
    const removeAll = ee.removeAllListeners.bind(ee);
    ee.removeAllListeners = function (...args: [(string | symbol)?]) {
      if (args.length === 0) map.clear();
      else if (args[0] !== undefined) map.delete(args[0]);
      return removeAll(...args);
    };
    return ee;
  };

  return {
    active,
    with: (ctx, fn, thisArg, ...args) => runIn(ctx, fn, thisArg, args),
    bind<T>(ctx: Context, target: T): T {
      if (target instanceof EventEmitter) return bindEmitter(ctx, target) as T;
      if (typeof target === 'function') return bindFunction(ctx, target as Listener) as T;
      return target;
    },
    enter(ctx) {
      als.enterWith(ctx);
    },
    attach(ctx): ContextManagementToken {
      const previous = active();
      als.enterWith(ctx);
      let done = false;
      return {
        dispose() {
          if (done) return;
          done = true;
          als.enterWith(previous);
        },
      };
    },
    enable() {
      return this;
    },
    disable() {
      als.disable();
      return this;
    },
  };
}
