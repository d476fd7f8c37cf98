import { loadOtlpTypes } from '@argus/otlp';

/** Test helper: one OTLP ExportMetricsServiceRequest (protobuf) for a resource, with exact 1-second points. */
export interface TestMetric {
  name: string;
  unit?: string;
  kind: 'gauge' | 'counter';
  attributes?: Record<string, string>;
  points: Array<{ t: number; v: number; start?: number }>;
}

const kv = (a: Record<string, string>) => Object.entries(a).map(([key, v]) => ({ key, value: { stringValue: v } }));
const nanos = (ms: number) => `${Math.round(ms)}000000`;

export function encodeMetrics(resource: Record<string, string>, metrics: TestMetric[]): Uint8Array {
  const types = loadOtlpTypes();
  const request = {
    resourceMetrics: [
      {
        resource: { attributes: kv(resource) },
        scopeMetrics: [
          {
            scope: { name: 'argus.test', version: '1' },
            metrics: metrics.map((m) => {
              const dataPoints = m.points.map((p) => ({
                attributes: kv(m.attributes ?? {}),
                timeUnixNano: nanos(p.t),
                startTimeUnixNano: p.start !== undefined ? nanos(p.start) : '0',
                asDouble: p.v,
              }));
              return m.kind === 'counter'
                ? { name: m.name, unit: m.unit ?? '', sum: { dataPoints, aggregationTemporality: 2, isMonotonic: true } }
                : { name: m.name, unit: m.unit ?? '', gauge: { dataPoints } };
            }),
          },
        ],
      },
    ],
  };
  return types.ExportMetricsServiceRequest.encode(request).finish();
}

export async function postMetrics(ingestUrl: string, key: string, body: Uint8Array): Promise<void> {
  const res = await fetch(`${ingestUrl}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${key}` },
    body: body as Uint8Array<ArrayBuffer>,
  });
  if (res.status !== 200) throw new Error(`POST /v1/metrics -> ${res.status} ${await res.text()}`);
}
