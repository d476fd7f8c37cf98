import { ROOT_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';
import { RPCType, setRPCMetadata, type RPCMetadata } from '@opentelemetry/core';

/**
 * A context as a linked list: setValue() is one small object instead of a copy of a Map (the API's BaseContext),
 * and a lookup walks a few links. A link holds up to two entries, so the HTTP server's context (span + RPC
 * metadata, which the framework instrumentations write the route into) is one object per request: the link is
 * itself the RPC metadata.
 */
export class LinkedContext implements Context {
  key2: symbol | undefined = undefined;
  value2: unknown = undefined;
  constructor(
    readonly parent: Context,
    readonly key: symbol,
    readonly value: unknown,
  ) {}

  getValue(key: symbol): unknown {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking the list starts at this link
    let c: Context = this;
    while (c instanceof LinkedContext) {
      if (c.key === key) return c.value;
      if (c.key2 === key) return c.value2;
      c = c.parent;
    }
    return c.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new LinkedContext(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return new LinkedContext(this, key, undefined);
  }
}

/** The context keys the API and core use for the active span and the RPC metadata, read off a probe context. */
function keyOf(set: (ctx: Context) => Context): symbol {
  const probe = new LinkedContext(ROOT_CONTEXT, Symbol('probe'), undefined);
  const out = set(probe);
  if (!(out instanceof LinkedContext)) throw new Error('unexpected context implementation');
  return out.key;
}
export const SPAN_KEY = keyOf((c) => trace.setSpan(c, trace.wrapSpanContext({ traceId: '', spanId: '', traceFlags: 0 })));
export const RPC_KEY = keyOf((c) =>
  setRPCMetadata(c, { type: RPCType.HTTP, span: trace.wrapSpanContext({ traceId: '', spanId: '', traceFlags: 0 }) }),
);

/** The context of an incoming HTTP request: the server span, and this object as its RPC metadata (route). */
export class ServerContext extends LinkedContext implements RPCMetadata {
  readonly type = RPCType.HTTP;
  route?: string;
  constructor(
    parent: Context,
    readonly span: Span,
  ) {
    super(parent, SPAN_KEY, span);
    this.key2 = RPC_KEY;
    this.value2 = this;
  }
}
