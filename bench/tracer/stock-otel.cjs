// Stock OpenTelemetry for comparison, set up the way its docs show: NodeSDK + auto-instrumentations-node +
// BatchSpanProcessor + OTLP/HTTP protobuf exporter. Modules come from sensors/nodejs (same versions).
// Env: OTLP_URL (collector base URL), OTLP_KEY (ingest key).
const { createRequire } = require('node:module');
const { join } = require('node:path');

const req = createRequire(join(__dirname, '..', '..', 'sensors', 'nodejs', 'package.json'));
const { NodeSDK } = req('@opentelemetry/sdk-node');
const { getNodeAutoInstrumentations } = req('@opentelemetry/auto-instrumentations-node');
const { OTLPTraceExporter } = req('@opentelemetry/exporter-trace-otlp-proto');
const { BatchSpanProcessor } = req('@opentelemetry/sdk-trace-base');

const exporter = new OTLPTraceExporter({
  url: `${process.env.OTLP_URL}/v1/traces`,
  headers: { Authorization: `Bearer ${process.env.OTLP_KEY}` },
});
const sdk = new NodeSDK({
  serviceName: process.env.OTEL_SERVICE_NAME ?? 'stock-otel',
  spanProcessors: [new BatchSpanProcessor(exporter)],
  instrumentations: [getNodeAutoInstrumentations()],
});
sdk.start();
