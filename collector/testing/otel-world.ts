/**
 * Test fixture: services as real OpenTelemetry SDK tracers (one provider and resource per service, like one
 * agent each) whose finished spans the test sends to the collector with the real OTLP/proto exporter, in
 * whatever batches and order it chooses.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface SpanSpec {
  name: string;
  kind: SpanKind;
  startMs: number;
  durationMs: number;
  attributes?: Attributes;
  parent?: ReadableSpan;
  error?: boolean;
}

export interface FixtureService {
  name: string;
  span(spec: SpanSpec): ReadableSpan;
}

export function createWorld(ingestUrl: string, ingestKey: string) {
  const providers: BasicTracerProvider[] = [];
  const exporter = new OTLPTraceExporter({ url: `${ingestUrl}/v1/traces`, headers: { Authorization: `Bearer ${ingestKey}` } });
  return {
    service(name: string, resource: Attributes = {}): FixtureService {
      const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': name, ...resource }) });
      providers.push(provider);
      const tracer = provider.getTracer('argus-fixture');
      return {
        name,
        span(spec) {
          const parentCtx = spec.parent ? trace.setSpanContext(ROOT_CONTEXT, spec.parent.spanContext()) : ROOT_CONTEXT;
          const span = tracer.startSpan(spec.name, { kind: spec.kind, startTime: spec.startMs, attributes: spec.attributes }, parentCtx);
          if (spec.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
          span.end(spec.startMs + spec.durationMs);
          return span as unknown as ReadableSpan;
        },
      };
    },
    /** one OTLP request with exactly these spans */
    send(spans: readonly ReadableSpan[]): Promise<void> {
      if (spans.length === 0) return Promise.resolve();
      return new Promise((resolve, reject) =>
        exporter.export([...spans], (r) => (r.code === 0 ? resolve() : reject(r.error ?? new Error('export failed')))),
      );
    },
    async close() {
      await exporter.shutdown();
      for (const p of providers) await p.shutdown();
    },
  };
}

export { SpanKind };

/** Nearest-rank percentile (the definition the KPI histograms approximate within 0.5 %). */
export function nearestRank(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} -> ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Polls `check` until it returns true (the collector's resolver runs asynchronously) or the timeout passes. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000, everyMs = 250): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
