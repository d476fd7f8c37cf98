/** Every fuzz target, in report order. */
import type { FuzzTarget } from '../harness.js';
import { agentConfig, tracerIntake } from './agent.js';
import { agentEntities, eumBeacons } from './collector-json.js';
import { otlpLogsDifferential } from './logs-differential.js';
import { otlpMetricsDifferential } from './metrics-differential.js';
import {
  bodyEncoding,
  otlpLogsJson,
  otlpLogsProtobuf,
  otlpMetricsJson,
  otlpMetricsProtobuf,
  otlpTracesDifferential,
  otlpTracesJson,
  otlpTracesProtobuf,
} from './otlp.js';
import { apiParams, nginxConf } from './parsers.js';

export const TARGETS: readonly FuzzTarget[] = [
  otlpTracesProtobuf,
  otlpTracesDifferential,
  otlpTracesJson,
  otlpMetricsProtobuf,
  otlpMetricsDifferential,
  otlpMetricsJson,
  otlpLogsProtobuf,
  otlpLogsDifferential,
  otlpLogsJson,
  bodyEncoding,
  eumBeacons,
  agentEntities,
  tracerIntake,
  apiParams,
  agentConfig,
  nginxConf,
];
