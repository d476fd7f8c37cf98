import { quoted, tsvMap, tsvMillis, tsvString } from '../../storage/tsv.js';
import type { ClientInfo } from './client.js';
import type { Batch, BeaconIn } from './schema.js';

/** eum_beacons columns, in the order `beaconRow` writes them */
export const BEACON_COLUMNS = [
  'tenant',
  'website_id',
  'timestamp',
  'kind',
  'session_id',
  'page_load_id',
  'page',
  'url',
  'user_id',
  'user_name',
  'user_email',
  'meta',
  'browser',
  'browser_version',
  'os',
  'os_version',
  'device',
  'country',
  'client_ip',
  'duration_ms',
  'ttfb',
  'fcp',
  'lcp',
  'cls',
  'inp',
  'timings',
  'attributes',
  'http_method',
  'http_status',
  'backend_trace_id',
  'trace_id',
  'error_message',
  'error_stack',
  'error_type',
  'error_count',
  'name',
] as const;

export const RESOURCE_COLUMNS = [
  'tenant',
  'website_id',
  'timestamp',
  'session_id',
  'page_load_id',
  'page',
  'url',
  'origin',
  'initiator',
  'cache',
  'start_ms',
  'duration_ms',
  'transfer_size',
  'encoded_size',
  'decoded_size',
  'browser',
  'country',
] as const;

export const KINDS: Record<string, string> = { pl: 'pageload', wv: 'vitals', pc: 'pagechange', xhr: 'http', err: 'error', ce: 'custom' };
const INITIATORS: Record<string, string> = {
  s: 'script',
  l: 'link',
  c: 'css',
  i: 'img',
  f: 'iframe',
  o: 'other',
  b: 'beacon',
  v: 'video',
  a: 'audio',
};
const NAV: Record<string, string> = { r: 'redirect', d: 'dns', c: 'tcp', s: 'tls', q: 'request', o: 'response', m: 'dom', l: 'load' };

export interface RowContext {
  tenant: string;
  websiteId: string;
  batch: Batch;
  client: ClientInfo;
  /** server time minus the client's send time (ms), applied to beacon timestamps */
  skew: number;
  now: number;
}

const num = (v: number | null | undefined, def = -1) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : String(def));
const s = (v: string | null | undefined) => tsvString(v ?? '');
const numMap = (r: Record<string, number | null | undefined>) => {
  const parts: string[] = [];
  for (const k in r) if (typeof r[k] === 'number') parts.push(`${quoted(NAV[k] ?? k)}:${r[k]}`);
  return `{${parts.join(',')}}`;
};
const strMap = (r: Record<string, string | number | null | undefined>) => {
  const out: Record<string, string> = {};
  for (const k in r) if (r[k] !== undefined && r[k] !== null && r[k] !== '') out[k] = String(r[k]);
  return tsvMap(out);
};

/** beacon time on the server clock; absurd values (more than a day off) fall back to the receive time */
export const beaconTime = (ts: number | null | undefined, ctx: RowContext) => {
  const t = (ts ?? ctx.now) + ctx.skew;
  return Math.abs(t - ctx.now) > 86_400_000 ? ctx.now : t;
};

/** one eum_beacons TSV line (without the newline) for every beacon kind except resources */
export function beaconRow(b: Exclude<BeaconIn, { t: 'res' }>, ctx: RowContext): string {
  const { batch, client } = ctx;
  const f = {
    duration: undefined as number | null | undefined,
    ttfb: undefined as number | null | undefined,
    fcp: undefined as number | null | undefined,
    lcp: undefined as number | null | undefined,
    cls: undefined as number | null | undefined,
    inp: undefined as number | null | undefined,
    timings: '{}',
    attrs: {} as Record<string, string | number | null | undefined>,
    method: '',
    status: 0,
    bt: '',
    tp: '',
    msg: '',
    stack: '',
    etype: '',
    ecount: 0,
    name: '',
  };
  switch (b.t) {
    case 'pl':
      Object.assign(f, { duration: b.d, ttfb: b.ttfb, fcp: b.fcp, lcp: b.lcp, cls: b.cls, bt: b.bt ?? '', timings: numMap(b.nt ?? {}) });
      f.attrs = { nav_type: b.ty, lcp_element: b.la, viewport: b.vw ? `${b.vw}x${b.vh ?? 0}` : undefined, connection: b.ct };
      break;
    case 'wv':
      Object.assign(f, { fcp: b.fcp, lcp: b.lcp, cls: b.cls, inp: b.inp });
      f.attrs = { lcp_element: b.la, cls_element: b.ca, inp_target: b.ia };
      break;
    case 'xhr':
      Object.assign(f, { duration: b.d, method: b.m, status: b.sc, bt: b.bt ?? '', tp: b.tp ?? '' });
      f.attrs = { api: b.k === 'x' ? 'xhr' : 'fetch' };
      break;
    case 'err':
      Object.assign(f, { msg: b.msg, stack: b.st ?? '', etype: b.ty ?? 'error', ecount: b.c, name: b.n ?? '' });
      break;
    case 'pc':
      f.duration = b.d;
      f.attrs = { from_page: b.fp, trigger: b.ty };
      break;
    case 'ce':
      Object.assign(f, { duration: b.d, name: b.n, msg: b.msg ?? '', stack: b.st ?? '' });
      f.attrs = b.m ?? {};
      break;
  }
  return [
    s(ctx.tenant),
    s(ctx.websiteId),
    tsvMillis(beaconTime(b.ts, ctx)),
    KINDS[b.t],
    s(batch.s),
    s(batch.pl),
    s(b.p),
    s(b.u),
    s(batch.ui),
    s(batch.un),
    s(batch.ue),
    tsvMap(batch.m ?? {}),
    s(client.browser),
    s(client.browserVersion),
    s(client.os),
    s(client.osVersion),
    s(client.device),
    s(client.country),
    s(client.ip),
    num(f.duration),
    num(f.ttfb),
    num(f.fcp),
    num(f.lcp),
    num(f.cls),
    num(f.inp),
    f.timings,
    strMap(f.attrs),
    s(f.method),
    String(f.status),
    s(f.bt),
    s(f.tp),
    s(f.msg),
    s(f.stack),
    s(f.etype),
    String(f.ecount),
    s(f.name),
  ].join('\t');
}

/** cache state from sizes: 0 bytes transferred with a body = memory/disk cache; a transfer smaller than the body = revalidated (304) */
const cacheState = (transfer: number, encoded: number, decoded: number) =>
  transfer === 0 ? (decoded > 0 ? 'cache' : 'unknown') : transfer < encoded ? 'validated' : 'network';

/** eum_resources TSV lines (each ending with a newline) of one compact `res` beacon */
export function resourceRows(b: Extract<BeaconIn, { t: 'res' }>, ctx: RowContext): { body: string; count: number } {
  const ts = tsvMillis(beaconTime(b.ts, ctx));
  let body = '';
  let count = 0;
  for (const [origin, entries] of Object.entries(b.r)) {
    for (const [path, init, start, dur, transfer, encoded, decoded] of entries) {
      body +=
        [
          s(ctx.tenant),
          s(ctx.websiteId),
          ts,
          s(ctx.batch.s),
          s(ctx.batch.pl),
          s(b.p),
          s(origin + path),
          s(origin),
          s(INITIATORS[init] ?? init),
          cacheState(transfer, encoded, decoded),
          String(start),
          String(dur),
          String(transfer),
          String(encoded),
          String(decoded),
          s(ctx.client.browser),
          s(ctx.client.country),
        ].join('\t') + '\n';
      count++;
    }
  }
  return { body, count };
}
