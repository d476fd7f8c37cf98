/**
 * Turns decoded OTLP spans into a form two runs of the same workload can be compared in: grouped by trace (traces in
 * start order), each span with its ancestors' names instead of ids, attributes as a sorted map whose run-specific
 * values (ports, durations, stack frames) are replaced by placeholders.
 */

export interface NormalSpan {
  /** names of the ancestors, root first, then this span's name */
  path: string;
  kind: number;
  scope: string;
  attributes: Record<string, unknown>;
  droppedAttributesCount: number;
  status: { code: number; message?: string };
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  links: number;
  flags: number;
  endsAfterStart: boolean;
}

interface RawSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
  droppedAttributesCount?: number;
  events?: Array<{ name: string; attributes?: Array<{ key: string; value: Record<string, unknown> }> }>;
  links?: unknown[];
  status?: { code?: number; message?: string };
  flags?: number;
}

const PORT_KEYS = /(^|\.)port$/;

function normalValue(key: string, value: Record<string, unknown>): unknown {
  const [type, v] = Object.entries(value)[0] ?? ['empty', null];
  if (PORT_KEYS.test(key)) return '<port>';
  if (key === 'exception.stacktrace' && typeof v === 'string') return v.split('\n')[0];
  if (type === 'arrayValue') return ((v as { values?: Array<Record<string, unknown>> }).values ?? []).map((x) => normalValue('', x));
  if (typeof v === 'string') return `${type}:${v.replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:<port>')}`;
  return `${type}:${String(v)}`;
}

function normalAttributes(kvs: RawSpan['attributes']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of [...(kvs ?? [])].sort((a, b) => a.key.localeCompare(b.key))) out[kv.key] = normalValue(kv.key, kv.value);
  return out;
}

export function normalizeTrace(
  spans: Array<{ scope?: { name: string; version?: string }; span: Record<string, unknown> }>,
): NormalSpan[][] {
  const byTrace = new Map<string, Array<{ scope: string; span: RawSpan }>>();
  for (const { scope, span } of spans) {
    const s = span as unknown as RawSpan;
    let list = byTrace.get(s.traceId);
    if (!list) byTrace.set(s.traceId, (list = []));
    list.push({ scope: `${scope?.name ?? ''}@${scope?.version ?? ''}`, span: s });
  }
  const start = (s: RawSpan) => BigInt(s.startTimeUnixNano);
  const traces = [...byTrace.values()].map((list) =>
    list.sort((a, b) => (start(a.span) < start(b.span) ? -1 : start(a.span) > start(b.span) ? 1 : 0)),
  );
  traces.sort((a, b) => (start(a[0].span) < start(b[0].span) ? -1 : 1));
  return traces.map((list) => {
    const byId = new Map(list.map((x) => [x.span.spanId, x.span]));
    const path = (s: RawSpan): string => {
      const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
      if (!parent) return s.parentSpanId ? `(remote parent) > ${s.name}` : s.name;
      return `${path(parent)} > ${s.name}`;
    };
    const out = list.map(({ scope, span }) => ({
      path: path(span),
      kind: span.kind ?? 0,
      scope,
      attributes: normalAttributes(span.attributes),
      droppedAttributesCount: span.droppedAttributesCount ?? 0,
      status: { code: span.status?.code ?? 0, ...(span.status?.message ? { message: span.status.message } : {}) },
      events: (span.events ?? []).map((e) => ({ name: e.name, attributes: normalAttributes(e.attributes) })),
      links: span.links?.length ?? 0,
      flags: span.flags ?? 0,
      endsAfterStart: BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano),
    }));
    // start order is not stable between runs (a server span and its first handler span start microseconds apart):
    // compare a trace as a sorted set
    const key = (x: NormalSpan) => `${x.path}\u0000${x.scope}\u0000${x.kind}\u0000${JSON.stringify(x.attributes)}`;
    return out.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  });
}
