import type { Tracer, TracerProvider } from '@opentelemetry/api';

const noopEnd = () => {};
const noopTracerMetrics = { startSpan: () => noopEnd };

/**
 * sdk-trace 2.x records two self-metrics per started span (otel.sdk.span.started/live) even when no meter
 * provider is set; measured at ~10% of a traced hello-world request's CPU. Argus reports its own span
 * counters instead (argus.tracer.spans.*), so every tracer handed out by the provider gets a no-op
 * recorder. Guarded: if the SDK's internals differ, tracers are returned untouched.
 */
export function withoutSpanSelfMetrics<P extends TracerProvider>(provider: P): P {
  const getTracer = provider.getTracer.bind(provider);
  provider.getTracer = (name: string, version?: string, options?: { schemaUrl?: string }): Tracer => {
    const tracer = getTracer(name, version, options) as Tracer & { _tracerMetrics?: { startSpan?: unknown } };
    if (tracer._tracerMetrics && typeof tracer._tracerMetrics.startSpan === 'function') tracer._tracerMetrics = noopTracerMetrics;
    return tracer;
  };
  return provider;
}
