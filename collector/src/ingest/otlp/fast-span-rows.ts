/**
 * Fast path of OTLP trace ingest: protobuf bodies through the purpose-built decoder, OTLP/JSON spans converted to
 * the same span model, both turned into TSV rows (columns SPAN_COLUMNS) byte-identical to the reference
 * buildSpanRows(). Anything the model does not represent exactly (odd JSON, duplicate or array-index attribute keys)
 * takes the reference code, so behaviour never differs; the equivalence tests hold both paths to that.
 */
import { createInterner, mapFragment, quotedValue } from './intern.js';
import { resourceSegment, scopeSegment, type Resource } from './resource.js';
import { K_DOUBLE, K_INT, K_STRING, createKeyTable, durationText, nanosText, type SpanModel, type SpanSink } from './span-model.js';
import { spanLine, tooOld, type RowBatch, type TraceRequest } from './span-rows.js';
import { spanFromJson } from './trace-json.js';
import { decodeTraceWire } from './trace-wire.js';
import { quoted, tsvArray, tsvMap, tsvMapArray, tsvString } from '../../storage/tsv.js';

export interface TraceRowBuilder {
  /**
   * Decodes an ExportTraceServiceRequest protobuf body and builds its rows; throws on malformed wire data. Spans
   * starting before `minStartSec` (epoch seconds: the retention window) are rejected, not stored.
   */
  protobuf(tenant: string, body: Uint8Array, minStartSec?: number): RowBatch;
  /** Rows for an OTLP/JSON request already parsed and shape-checked (decodeRequest). */
  json(tenant: string, req: TraceRequest, minStartSec?: number): RowBatch;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const PROMOTED = 18;
const STRIP_QUERY = /[?#].*$/;
const TABS = Array.from({ length: PROMOTED + 1 }, (_, i) => '\t'.repeat(i));

export function createTraceRowBuilder(): TraceRowBuilder {
  const keys = createKeyTable();
  const intern = createInterner(keys);
  let stamp = 0;
  const pv: (string | number)[] = new Array(PROMOTED);
  const pr: number[] = new Array(PROMOTED);
  let minSec = -Infinity;

  function line(prefix: string, s: SpanModel): string {
    if (s.startSec < minSec) throw tooOld();
    const traceId = s.traceId;
    if (traceId.length !== 32 || traceId === ZERO_TRACE) throw new Error('traceId must be 16 non-zero bytes (32 hex characters)');
    if (s.spanId.length !== 16 || s.spanId === ZERO_SPAN) throw new Error('spanId must be 8 non-zero bytes (16 hex characters)');
    if (s.parentSpanId.length !== 16 && s.parentSpanId !== '') throw new Error('parentSpanId must be empty or 8 bytes (16 hex characters)');
    const kind = s.kind;
    const side = kind === 2 || kind === 5 ? 'server' : 'client';
    for (let i = 0; i < PROMOTED; i++) {
      pv[i] = '';
      pr[i] = -1;
    }
    pv[2] = 0;
    pv[6] = 0;
    const st = ++stamp;
    let odd = false;
    let strings = '';
    let typed = '';
    const attrs = s.attributes;
    const count = s.attrCount;
    for (let i = 0; i < count; i++) {
      const a = attrs[i];
      const e = a.entry;
      if (e.odd || e.mark === st) odd = true;
      e.mark = st;
      if (a.kind === K_STRING) strings = strings === '' ? `{${e.quotedKey}${quotedValue(a.s, a.v)}` : strings + mapFragment(e, a.s, a.v);
      else typed += `${typed === '' ? '{' : ','}${e.quotedKey}${a.kind === K_INT || a.kind === K_DOUBLE ? `'${a.text}'` : quoted(a.text)}`;
      const rule = e.rule;
      if (rule === undefined || (rule.only !== undefined && rule.only !== side)) continue;
      const idx = rule.index;
      if (pr[idx] !== -1 && pr[idx] <= rule.rank) continue;
      if (rule.numeric) {
        const n = a.kind === K_INT || a.kind === K_DOUBLE ? a.n : a.kind === K_STRING ? Number(a.s) : NaN;
        if (!Number.isFinite(n) || n < 0 || n > 65535) continue;
        pv[idx] = Math.trunc(n);
      } else {
        const v = a.kind === K_STRING ? a.s : a.kind === K_INT ? String(a.n) : undefined;
        if (v === undefined) continue;
        pv[idx] = rule.stripQuery ? v.replace(STRIP_QUERY, '') : v;
      }
      pr[idx] = rule.rank;
    }
    if (odd) {
      // the reference keeps attributes in JS records: last duplicate wins in first position, index keys first
      const rs: Record<string, string> = {};
      const rt: Record<string, string> = {};
      for (let i = 0; i < count; i++) {
        const a = attrs[i];
        if (a.kind === K_STRING) rs[a.entry.key] = a.s;
        else rt[a.entry.key] = a.text;
      }
      strings = tsvMap(rs);
      typed = tsvMap(rt);
    } else {
      strings = strings === '' ? '{}' : `${strings}}`;
      typed = typed === '' ? '{}' : `${typed}}`;
    }
    const statusCode = s.statusCode;
    const hasError = statusCode === 2 || (kind === 2 && (pv[2]) >= 500);
    let out = `${prefix}${nanosText(s.startSec, s.startNs)}\t${traceId}\t${s.spanId}\t${s.parentSpanId}\t${tsvString(s.traceState)}\t${s.flags}\t`;
    out += `${tsvString(s.name)}\t${kind}\t${durationText(s)}\t${statusCode}\t${tsvString(s.statusMessage)}\t${hasError ? 1 : 0}\t`;
    let tabs = 0;
    for (let i = 0; i < PROMOTED; i++) {
      const v = pv[i];
      if (v === '') tabs++;
      else {
        out += `${TABS[tabs]}${typeof v === 'number' ? v : tsvString(v)}`;
        tabs = 1;
      }
    }
    out += TABS[tabs];
    out += `${strings}\t${typed}\t`;
    const events = s.events;
    if (events === undefined || events.length === 0) out += '[]\t[]\t[]\t';
    else
      out += `[${events.map((e) => `'${nanosText(e.sec, e.ns)}'`).join(',')}]\t${tsvArray(events.map((e) => e.name))}\t${tsvMapArray(events.map((e) => e.attributes))}\t`;
    const links = s.links;
    if (links === undefined || links.length === 0) return `${out}[]\t[]\t[]\t[]\n`;
    for (const l of links) {
      if ((l.traceId.length !== 32 && l.traceId !== '') || (l.spanId.length !== 16 && l.spanId !== ''))
        throw new Error('link ids must be 16/8 bytes');
    }
    return `${out}${tsvArray(links.map((l) => l.traceId))}\t${tsvArray(links.map((l) => l.spanId))}\t${tsvArray(links.map((l) => l.traceState))}\t${tsvMapArray(links.map((l) => l.attributes))}\n`;
  }

  return {
    protobuf(tenant, body, minStartSec = -Infinity) {
      minSec = minStartSec;
      intern.trim();
      const b: RowBatch = { lines: '', rows: 0, rejected: 0, errors: [] };
      let lastResource: Resource | undefined | null = null;
      let res = '';
      let prefix = '';
      const sink: SpanSink = {
        group(resource, scope) {
          if (resource !== lastResource) res = resourceSegment(tenant, resource);
          lastResource = resource;
          prefix = res + scopeSegment(scope);
        },
        span(span) {
          try {
            b.lines += line(prefix, span);
            b.rows++;
          } catch (e) {
            b.rejected++;
            if (b.errors.length < 5) b.errors.push((e as Error).message);
          }
        },
      };
      decodeTraceWire(body, intern, sink);
      return b;
    },
    json(tenant, req, minStartSec = -Infinity) {
      minSec = minStartSec;
      intern.trim();
      const b: RowBatch = { lines: '', rows: 0, rejected: 0, errors: [] };
      for (const rs of req.resourceSpans ?? []) {
        const res = resourceSegment(tenant, rs.resource);
        for (const ss of rs.scopeSpans ?? []) {
          const prefix = res + scopeSegment(ss.scope);
          for (const span of ss.spans ?? []) {
            try {
              let model: SpanModel | undefined;
              try {
                model = spanFromJson(span, keys);
              } catch {
                model = undefined;
              }
              b.lines += model ? line(prefix, model) : spanLine(prefix, span, minSec);
              b.rows++;
            } catch (e) {
              b.rejected++;
              if (b.errors.length < 5) b.errors.push((e as Error).message);
            }
          }
        }
      }
      return b;
    },
  };
}
