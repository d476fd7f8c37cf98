import {
  context,
  INVALID_SPAN_CONTEXT,
  SpanKind,
  trace,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { IdGenerator } from '../id-generator.js';
import type { Clock } from './clock.js';
import { SPAN_KEY } from './context.js';
import { LeanSpan } from './span.js';

/** Where ended spans go (the span buffer). */
export interface SpanSink {
  onEnd: (span: LeanSpan) => void;
}

export interface TracerCore {
  clock: Clock;
  ids: IdGenerator;
  sink: SpanSink;
}

const NON_RECORDING = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * One tracer per instrumentation scope. Sampling is AlwaysOn (every request is a trace); the span buffer keeps
 * ended spans per tracer (`ended`), so encoding groups them by scope without a lookup.
 */
export class LeanTracer implements Tracer {
  /** ended spans of this scope not yet encoded (owned by the span buffer) */
  ended: LeanSpan[] = [];
  /** the encoded InstrumentationScope message (cached by the encoder) */
  encodedScope: Buffer | undefined = undefined;

  constructor(
    readonly name: string,
    readonly version: string | undefined,
    readonly schemaUrl: string | undefined,
    readonly core: TracerCore,
  ) {}

  startSpan(name: string, options: SpanOptions = {}, ctx: Context = context.active()): Span {
    return this.start(name, options, ctx) ?? NON_RECORDING;
  }

  /** a recording span, or undefined when tracing is suppressed in `ctx` */
  start(name: string, options: SpanOptions = {}, ctx: Context = context.active()): LeanSpan | undefined {
    if (isTracingSuppressed(ctx)) return undefined;
    const parent = options.root ? undefined : (ctx.getValue(SPAN_KEY) as Span | undefined);
    let traceId: string | undefined;
    let parentSpanId: string | undefined;
    let parentRemote = false;
    let traceState;
    if (parent instanceof LeanSpan) {
      traceId = parent.traceId;
      parentSpanId = parent.spanId;
      traceState = parent.traceState;
    } else if (parent !== undefined) {
      const sc = parent.spanContext();
      if (trace.isSpanContextValid(sc)) {
        traceId = sc.traceId;
        parentSpanId = sc.spanId;
        parentRemote = sc.isRemote === true;
        traceState = sc.traceState;
      }
    }
    const { core } = this;
    return new LeanSpan(
      this,
      name,
      options.kind ?? SpanKind.INTERNAL,
      traceId ?? core.ids.generateTraceId(),
      core.ids.generateSpanId(),
      parentSpanId,
      parentRemote,
      traceState,
      options.attributes,
      options.links && options.links.length > 0 ? options.links.slice(-128) : undefined,
      options.startTime === undefined ? core.clock.now() : core.clock.fromInput(options.startTime),
    );
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, ctx: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, a?: SpanOptions | F, b?: Context | F, c?: F): ReturnType<F> | undefined {
    let options: SpanOptions | undefined;
    let ctx: Context | undefined;
    let fn: F;
    if (typeof a === 'function') fn = a;
    else if (typeof b === 'function') {
      options = a;
      fn = b;
    } else if (typeof c === 'function') {
      options = a;
      ctx = b;
      fn = c;
    } else return undefined;
    const parent = ctx ?? context.active();
    const span = this.startSpan(name, options, parent);
    return context.with(trace.setSpan(parent, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}

/** The tracer provider: one LeanTracer per (name, version, schemaUrl), as the SDK keys them. */
export interface LeanTracerProvider extends TracerProvider {
  getTracer(name: string, version?: string, options?: { schemaUrl?: string }): LeanTracer;
  /** every tracer handed out, in creation order */
  readonly tracers: readonly LeanTracer[];
}

export function createLeanTracerProvider(core: TracerCore): LeanTracerProvider {
  const byKey = new Map<string, LeanTracer>();
  const tracers: LeanTracer[] = [];
  return {
    getTracer(name: string, version?: string, options?: { schemaUrl?: string }) {
      const key = `${name}@${version ?? ''}:${options?.schemaUrl ?? ''}`;
      let t = byKey.get(key);
      if (!t) {
        t = new LeanTracer(name, version, options?.schemaUrl, core);
        byKey.set(key, t);
        tracers.push(t);
      }
      return t;
    },
    tracers,
  };
}
