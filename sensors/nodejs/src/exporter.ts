import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TracerConfig } from './config.js';
import { createTraceExporter } from './otlp/trace-exporter.js';

type ExporterOptions = ConstructorParameters<typeof OTLPMetricExporter>[0] & {};

/**
 * OTLP/HTTP protobuf exporters to the local agent (`http://127.0.0.1:42699`) or, with ARGUS_ENDPOINT, straight
 * to a collector with the ingest key. Compressed (gzip) only when leaving the host unless ARGUS_COMPRESSION says so. Few concurrent requests, short
 * timeouts: when the target is down, exports fail fast and the bounded queue drops instead of growing.
 */
function options(config: TracerConfig, path: string): ExporterOptions {
  return {
    url: `${config.endpoint}${path}`,
    headers: config.headers,
    timeoutMillis: config.exportTimeoutMs,
    concurrencyLimit: 2,
    compression: config.compression as ExporterOptions['compression'],
    httpAgentOptions: { keepAlive: true, maxSockets: 2 },
  };
}

/** Spans go through Argus's own one-pass encoder and a plain keep-alive POST (otlp/trace-exporter.ts). */
export function createSpanExporter(config: TracerConfig): SpanExporter {
  return createTraceExporter({
    url: `${config.endpoint}/v1/traces`,
    headers: config.headers,
    timeoutMs: config.exportTimeoutMs,
    compression: config.compression,
  });
}

export function createMetricExporter(config: TracerConfig): PushMetricExporter {
  return new OTLPMetricExporter(options(config, '/v1/metrics'));
}
