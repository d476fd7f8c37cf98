/**
 * OTLP v1 protobuf messages, loaded once per call site with protobufjs from the .proto files beside this
 * module. Shared by the collector (decode), the agent (encode its metrics, decode/re-encode tracer data)
 * and tests.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const protoDir = join(dirname(fileURLToPath(import.meta.url)), 'proto');

export interface OtlpTypes {
  root: protobuf.Root;
  ExportTraceServiceRequest: protobuf.Type;
  ExportTraceServiceResponse: protobuf.Type;
  ExportMetricsServiceRequest: protobuf.Type;
  ExportMetricsServiceResponse: protobuf.Type;
  ExportLogsServiceRequest: protobuf.Type;
  ExportLogsServiceResponse: protobuf.Type;
  RpcStatus: protobuf.Type;
}

/** Parses the OTLP .proto files. Cheap enough to call once at start; callers keep the result. */
export function loadOtlpTypes(): OtlpTypes {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(protoDir, target.replace(/^.*\//, ''));
  root.loadSync(['collector.proto'], { keepCase: false });
  root.resolveAll();
  const t = (name: string) => root.lookupType(`opentelemetry.proto.collector.v1.${name}`);
  return {
    root,
    ExportTraceServiceRequest: t('ExportTraceServiceRequest'),
    ExportTraceServiceResponse: t('ExportTraceServiceResponse'),
    ExportMetricsServiceRequest: t('ExportMetricsServiceRequest'),
    ExportMetricsServiceResponse: t('ExportMetricsServiceResponse'),
    ExportLogsServiceRequest: t('ExportLogsServiceRequest'),
    ExportLogsServiceResponse: t('ExportLogsServiceResponse'),
    RpcStatus: t('RpcStatus'),
  };
}

export const SpanKind = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export const AggregationTemporality = { UNSPECIFIED: 0, DELTA: 1, CUMULATIVE: 2 } as const;
export { protoDir };
