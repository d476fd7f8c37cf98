/**
 * The intake's Prometheus metrics (GET /metrics on the intake port): what the tracers sent and what was lost on
 * the way, per service. The tracers' own drop counters arrive as cumulative values in their runtime metrics; they
 * are turned into increments per runtime (a restarted process starts again from 0), so the counters here only grow.
 */
import type { TracerCounter } from './rewrite.js';

const HELP: Record<string, [string, string]> = {
  argus_agent_tracer_requests_total: ['counter', 'Tracer requests by signal and HTTP status answered'],
  argus_agent_tracer_spans_received_total: ['counter', 'Spans received from tracers, by service'],
  argus_agent_tracer_spans_refused_total: ['counter', 'Spans in requests answered 503 (the tracer retries or drops and counts them)'],
  argus_agent_tracer_spans_dropped_total: [
    'counter',
    'Spans lost, by service and reason: queue_full / export_failed as counted by the tracers, forward_failed in the agent',
  ],
  argus_agent_tracer_spans_exported_total: ['counter', 'Spans the tracers report as delivered, by service'],
  argus_agent_tracer_pending_bytes: ['gauge', 'Tracer data held by the intake or being handed to the agent spool'],
  argus_agent_tracer_runtimes: ['gauge', 'Traced Node.js runtimes that sent data in the last 60 s'],
};

const esc = (v: string) => v.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

export interface IntakeMetrics {
  request(signal: string, status: number): void;
  received(spans: Map<string, number>): void;
  refused(spans: Map<string, number>): void;
  forwardFailed(spans: Map<string, number>): void;
  tracerCounters(counters: TracerCounter[]): void;
  render(gauges: { pendingBytes: number; runtimes: number }): string;
}

export function createIntakeMetrics(): IntakeMetrics {
  const counters = new Map<string, Map<string, number>>();
  /** last cumulative value per runtime, metric and reason */
  const last = new Map<string, number>();
  const add = (name: string, labels: Record<string, string>, n: number) => {
    if (n <= 0) return;
    let m = counters.get(name);
    if (!m) counters.set(name, (m = new Map<string, number>()));
    const key = Object.keys(labels)
      .sort()
      .map((k) => `${k}="${esc(labels[k])}"`)
      .join(',');
    m.set(key, (m.get(key) ?? 0) + n);
  };
  const perService = (name: string, spans: Map<string, number>, extra: Record<string, string> = {}) => {
    for (const [service, n] of spans) add(name, { service, ...extra }, n);
  };
  return {
    request: (signal, status) => add('argus_agent_tracer_requests_total', { signal, code: String(status) }, 1),
    received: (spans) => perService('argus_agent_tracer_spans_received_total', spans),
    refused: (spans) => perService('argus_agent_tracer_spans_refused_total', spans),
    forwardFailed: (spans) => perService('argus_agent_tracer_spans_dropped_total', spans, { reason: 'forward_failed' }),
    tracerCounters(list) {
      for (const c of list) {
        const key = `${c.runtime}\u0000${c.metric}\u0000${c.reason}`;
        const prior = last.get(key);
        last.set(key, c.value);
        const delta = prior === undefined || c.value < prior ? c.value : c.value - prior;
        if (c.metric === 'argus.tracer.spans.dropped')
          add('argus_agent_tracer_spans_dropped_total', { service: c.service, reason: c.reason }, delta);
        else add('argus_agent_tracer_spans_exported_total', { service: c.service }, delta);
      }
      if (last.size > 100_000) last.clear();
    },
    render(gauges) {
      const out: string[] = [];
      const head = (name: string) => out.push(`# HELP ${name} ${HELP[name][1]}`, `# TYPE ${name} ${HELP[name][0]}`);
      for (const name of Object.keys(HELP)) {
        const m = counters.get(name);
        if (m) {
          head(name);
          for (const [k, v] of m) out.push(`${name}{${k}} ${v}`);
        }
      }
      head('argus_agent_tracer_pending_bytes');
      out.push(`argus_agent_tracer_pending_bytes ${gauges.pendingBytes}`);
      head('argus_agent_tracer_runtimes');
      out.push(`argus_agent_tracer_runtimes ${gauges.runtimes}`);
      return `${out.join('\n')}\n`;
    },
  };
}
