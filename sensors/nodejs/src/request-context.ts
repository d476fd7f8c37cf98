import { context, type Context } from '@opentelemetry/api';
import { IncomingMessage, type ServerResponse } from 'node:http';

/**
 * Keeps the trace context in request-body listeners. Stream events of an incoming request fire from the
 * socket's callbacks, outside the request's async context, so a body parser's `req.on('data'|'end')`
 * would lose the trace. Instead of patching six methods on every request (what the generic context
 * manager's bind() does), IncomingMessage.prototype is patched once and only listeners that are actually
 * added to a traced request are bound: requests without a body listener pay one property write.
 */
const kContext = Symbol('argus.request.context');
const kBound = Symbol('argus.request.bound');
const kResponse = Symbol('argus.request.response');
const EVENTS = new Set<string | symbol>(['data', 'end', 'readable', 'close', 'error', 'aborted']);

type Listener = (...args: unknown[]) => unknown;
type Req = IncomingMessage & { [kContext]?: Context; [kBound]?: Map<Listener, Listener>; [kResponse]?: ServerResponse };
type Method = (this: Req, event: string | symbol, listener: Listener) => Req;

export function setRequestContext(req: IncomingMessage, res: ServerResponse, ctx: Context): void {
  (req as Req)[kContext] = ctx;
  (req as Req)[kResponse] = res;
}

function bound(req: Req, listener: Listener): Listener {
  let map = req[kBound];
  if (!map) req[kBound] = map = new Map();
  let wrapped = map.get(listener);
  if (!wrapped) {
    wrapped = context.bind(req[kContext]!, listener);
    map.set(listener, wrapped);
  }
  return wrapped;
}

/** Patches IncomingMessage.prototype; returns a function that restores it. */
export function installRequestContextBinding(): () => void {
  const proto = IncomingMessage.prototype as unknown as Record<string, Method>;
  const saved: Array<[string, Method, boolean]> = [];
  const wrapAdd = (name: string) => {
    const original = proto[name];
    saved.push([name, original, Object.prototype.hasOwnProperty.call(proto, name)]);
    proto[name] = function (this: Req, event, listener) {
      // onceWrappers (they carry .listener) wrap an already bound listener; listeners added once the response
      // is ended (node's own 'end' listener on every request) need no trace context
      if (
        this[kContext] === undefined ||
        !EVENTS.has(event) ||
        typeof listener !== 'function' ||
        'listener' in listener ||
        this[kResponse]?.writableEnded
      )
        return original.call(this, event, listener);
      return original.call(this, event, bound(this, listener));
    };
  };
  const wrapRemove = (name: string) => {
    const original = proto[name];
    saved.push([name, original, Object.prototype.hasOwnProperty.call(proto, name)]);
    proto[name] = function (this: Req, event, listener) {
      const wrapped = this[kBound]?.get(listener);
      if (wrapped === undefined) return original.call(this, event, listener);
      this[kBound]!.delete(listener);
      return original.call(this, event, wrapped);
    };
  };
  ['on', 'addListener', 'prependListener', 'once', 'prependOnceListener'].forEach(wrapAdd);
  ['removeListener', 'off'].forEach(wrapRemove);
  return () => {
    for (const [name, original, own] of saved.reverse()) {
      if (own) proto[name] = original;
      else delete proto[name];
    }
  };
}
