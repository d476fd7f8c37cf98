/** Test wiring: a tracer intake (the agent's listener) that forwards to a test collector. */
import { createTracerIntake, type TracerIntake } from '../../agent/src/tracer-intake/index.js';
import type { EntitySnapshot } from '@argus/sensor-kit';
import { processInfo } from '../servers/index.js';

export const TEST_HOST_ID = 'tracerhost01';

export interface TestIntake {
  intake: TracerIntake;
  port: number;
  runtimes: EntitySnapshot[];
}

export async function startIntakeTo(collector: { ingestUrl: string; ingestKey: string }): Promise<TestIntake> {
  const runtimes: EntitySnapshot[] = [];
  const intake = createTracerIntake({
    host: '127.0.0.1',
    port: 0,
    version: '0.0.0-test',
    identity: { hostId: TEST_HOST_ID, hostName: 'tracer-test-host', hostEntityId: `host:${TEST_HOST_ID}` },
    resolveProcess(pid) {
      try {
        return { entityId: `process:${TEST_HOST_ID}:${pid}:${processInfo(pid).startTime}` };
      } catch {
        return undefined;
      }
    },
    async forward(kind, body) {
      const res = await fetch(`${collector.ingestUrl}/v1/${kind}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${collector.ingestKey}` },
        body: new Uint8Array(body),
      });
      if (!res.ok) throw Object.assign(new Error(`collector answered ${res.status}`), { status: res.status });
    },
    onRuntime: (s) => runtimes.push(s),
  });
  const { port } = await intake.start();
  return { intake, port, runtimes };
}
