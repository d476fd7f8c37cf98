import {
  SpanStatusCode,
  type Attributes,
  type Exception,
  type Link,
  type Span,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  type TimeInput,
  type TraceState,
} from '@opentelemetry/api';
import type { LeanTracer } from './tracer.js';

/** the SDK's default span limits, applied at encode time (spans.ts) and here for events and links */
export const LIMITS = { attributes: 128, events: 128, links: 128 } as const;

export interface LeanEvent {
  name: string;
  attributes: Attributes | undefined;
  time: number;
}

/**
 * A recording span behind the OpenTelemetry API, made to be cheap to create and end: no per-span closures, no
 * copies or validation of attributes (the object given to startSpan is kept as it is, later attributes are
 * appended as key/value pairs; both are checked, de-duplicated, redacted and converted once, by the encoder),
 * times as performance.now() milliseconds, the span context built only when someone asks for it.
 */
export class LeanSpan implements Span {
  /** key, value, key, value... set after start (later wins over earlier and over the start attributes) */
  extra: unknown[] | undefined = undefined;
  events: LeanEvent[] | undefined = undefined;
  droppedEvents = 0;
  droppedLinks = 0;
  statusCode: SpanStatusCode = SpanStatusCode.UNSET;
  statusMessage: string | undefined = undefined;
  /** performance ms; -1 while the span is open */
  endMs = -1;
  private ctx: SpanContext | undefined = undefined;

  constructor(
    readonly tracer: LeanTracer,
    public name: string,
    readonly kind: SpanKind,
    readonly traceId: string,
    readonly spanId: string,
    readonly parentSpanId: string | undefined,
    readonly parentRemote: boolean,
    readonly traceState: TraceState | undefined,
    /** the attributes object given to startSpan, as it is */
    public attrs: Attributes | undefined,
    public links: Link[] | undefined,
    /** performance ms */
    readonly startMs: number,
  ) {}

  spanContext(): SpanContext {
    return (this.ctx ??= { traceId: this.traceId, spanId: this.spanId, traceFlags: 1, traceState: this.traceState });
  }

  setAttribute(key: string, value: unknown): this {
    if (value == null || this.endMs >= 0) return this;
    const extra = (this.extra ??= []);
    extra.push(key, value);
    if (extra.length >= 4 * LIMITS.attributes) this.compact();
    return this;
  }

  setAttributes(attributes: Attributes): this {
    if (this.endMs >= 0 || attributes == null) return this;
    for (const key in attributes) {
      const value = attributes[key];
      if (value != null) this.setAttribute(key, value);
    }
    return this;
  }

  /** folds a long run of setAttribute calls into one object (last value wins), so memory stays bounded */
  private compact(): void {
    const merged: Attributes = { ...this.attrs };
    const extra = this.extra ?? [];
    for (let i = 0; i < extra.length; i += 2) {
      const key = extra[i] as string;
      if (key in merged || Object.keys(merged).length < LIMITS.attributes) merged[key] = extra[i + 1];
    }
    this.attrs = merged;
    this.extra = undefined;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.endMs >= 0) return this;
    let attributes: Attributes | undefined;
    if (isTimeInput(attributesOrTime)) {
      if (!isTimeInput(time)) time = attributesOrTime;
    } else attributes = attributesOrTime;
    const events = (this.events ??= []);
    if (events.length >= LIMITS.events) {
      events.shift();
      this.droppedEvents++;
    }
    const clock = this.tracer.core.clock;
    events.push({ name, attributes, time: time === undefined ? clock.now() : clock.fromInput(time) });
    return this;
  }

  addLink(link: Link): this {
    if (this.endMs >= 0) return this;
    const links = (this.links ??= []);
    if (links.length >= LIMITS.links) {
      links.shift();
      this.droppedLinks++;
    }
    links.push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.endMs >= 0 || status.code === SpanStatusCode.UNSET || this.statusCode === SpanStatusCode.OK) return this;
    this.statusCode = status.code;
    this.statusMessage = status.code === SpanStatusCode.ERROR && typeof status.message === 'string' ? status.message : undefined;
    return this;
  }

  updateName(name: string): this {
    if (this.endMs < 0) this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.endMs >= 0) return;
    const clock = this.tracer.core.clock;
    const end = endTime === undefined ? clock.now() : clock.fromInput(endTime);
    this.endMs = end < this.startMs ? this.startMs : end;
    this.tracer.core.sink.onEnd(this);
  }

  isRecording(): boolean {
    return this.endMs < 0;
  }

  /** as the SDK: an `exception` event with exception.type (code or name), .message and .stacktrace */
  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') attributes['exception.message'] = exception;
    else if (exception) {
      if (exception.code) attributes['exception.type'] = exception.code.toString();
      else if (exception.name) attributes['exception.type'] = exception.name;
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    if (attributes['exception.type'] || attributes['exception.message']) this.addEvent('exception', attributes, time);
  }
}

function isTimeInput(v: unknown): v is TimeInput {
  return typeof v === 'number' || v instanceof Date || (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number');
}
