/**
 * The attributes every query needs, promoted to columns. Old and new semantic-convention names are both
 * accepted (the new name wins when both are present).
 */
import { anyKind, type KeyValue } from './attributes.js';
import { toNumber } from './values.js';

export interface Promoted {
  http_method: string;
  http_route: string;
  http_status: number;
  url_path: string;
  url_full: string;
  server_address: string;
  server_port: number;
  db_system: string;
  db_namespace: string;
  db_operation: string;
  db_collection: string;
  db_statement: string;
  messaging_system: string;
  messaging_destination: string;
  rpc_system: string;
  rpc_service: string;
  rpc_method: string;
  peer_service: string;
}

export const PROMOTED_COLUMNS = [
  'http_method',
  'http_route',
  'http_status',
  'url_path',
  'url_full',
  'server_address',
  'server_port',
  'db_system',
  'db_namespace',
  'db_operation',
  'db_collection',
  'db_statement',
  'messaging_system',
  'messaging_destination',
  'rpc_system',
  'rpc_service',
  'rpc_method',
  'peer_service',
] as const;

type Rule = { col: keyof Promoted; rank: number; only?: 'client' | 'server' };

/** attribute key -> column; lower rank wins (stable name first). */
const RULES: Record<string, Rule> = {
  'http.request.method': { col: 'http_method', rank: 0 },
  'http.method': { col: 'http_method', rank: 1 },
  'http.route': { col: 'http_route', rank: 0 },
  'http.response.status_code': { col: 'http_status', rank: 0 },
  'http.status_code': { col: 'http_status', rank: 1 },
  'url.path': { col: 'url_path', rank: 0 },
  'http.target': { col: 'url_path', rank: 1 },
  'url.full': { col: 'url_full', rank: 0 },
  'http.url': { col: 'url_full', rank: 1 },
  'server.address': { col: 'server_address', rank: 0 },
  'net.peer.name': { col: 'server_address', rank: 1, only: 'client' },
  'net.host.name': { col: 'server_address', rank: 1, only: 'server' },
  'server.port': { col: 'server_port', rank: 0 },
  'net.peer.port': { col: 'server_port', rank: 1, only: 'client' },
  'net.host.port': { col: 'server_port', rank: 1, only: 'server' },
  'db.system.name': { col: 'db_system', rank: 0 },
  'db.system': { col: 'db_system', rank: 1 },
  'db.namespace': { col: 'db_namespace', rank: 0 },
  'db.name': { col: 'db_namespace', rank: 1 },
  'db.operation.name': { col: 'db_operation', rank: 0 },
  'db.operation': { col: 'db_operation', rank: 1 },
  'db.collection.name': { col: 'db_collection', rank: 0 },
  'db.sql.table': { col: 'db_collection', rank: 1 },
  'db.mongodb.collection': { col: 'db_collection', rank: 1 },
  'db.query.text': { col: 'db_statement', rank: 0 },
  'db.statement': { col: 'db_statement', rank: 1 },
  'messaging.system': { col: 'messaging_system', rank: 0 },
  'messaging.destination.name': { col: 'messaging_destination', rank: 0 },
  'messaging.destination': { col: 'messaging_destination', rank: 1 },
  'rpc.system': { col: 'rpc_system', rank: 0 },
  'rpc.service': { col: 'rpc_service', rank: 0 },
  'rpc.method': { col: 'rpc_method', rank: 0 },
  'peer.service': { col: 'peer_service', rank: 0 },
};

const NUMERIC = new Set<keyof Promoted>(['http_status', 'server_port']);

/** A rule with its column position in PROMOTED_COLUMNS, for the fast span row builder. */
export interface PromotionRule {
  index: number;
  rank: number;
  only: 'client' | 'server' | undefined;
  numeric: boolean;
  /** strip the query/fragment (http.target) */
  stripQuery: boolean;
}

/** attribute key -> rule, own keys only (a null-prototype record, so 'constructor' is no rule). */
export const PROMOTION_RULES: Readonly<Record<string, PromotionRule | undefined>> = Object.assign(
  Object.create(null) as Record<string, PromotionRule>,
  Object.fromEntries(
    Object.entries(RULES).map(([key, r]) => [
      key,
      {
        index: PROMOTED_COLUMNS.indexOf(r.col),
        rank: r.rank,
        only: r.only,
        numeric: NUMERIC.has(r.col),
        stripQuery: r.col === 'url_path' && r.rank === 1,
      },
    ]),
  ),
);

export function emptyPromoted(): Promoted {
  return {
    http_method: '',
    http_route: '',
    http_status: 0,
    url_path: '',
    url_full: '',
    server_address: '',
    server_port: 0,
    db_system: '',
    db_namespace: '',
    db_operation: '',
    db_collection: '',
    db_statement: '',
    messaging_system: '',
    messaging_destination: '',
    rpc_system: '',
    rpc_service: '',
    rpc_method: '',
    peer_service: '',
  };
}

/** kind: OTLP SpanKind (2 server, 3 client, 4 producer, 5 consumer). */
export function promote(attrs: readonly KeyValue[] | null | undefined, spanKind: number): Promoted {
  const p = emptyPromoted();
  if (!attrs) return p;
  const ranks: Partial<Record<keyof Promoted, number>> = {};
  const side = spanKind === 2 || spanKind === 5 ? 'server' : 'client';
  for (const kv of attrs) {
    const rule = RULES[kv.key];
    if (!rule || (rule.only && rule.only !== side)) continue;
    const prev = ranks[rule.col];
    if (prev !== undefined && prev <= rule.rank) continue;
    const v = kv.value;
    if (!v) continue;
    const kind = anyKind(v);
    if (NUMERIC.has(rule.col)) {
      const n =
        kind === 'intValue'
          ? toNumber(v.intValue)
          : kind === 'stringValue'
            ? Number(v.stringValue)
            : kind === 'doubleValue'
              ? Number(v.doubleValue)
              : NaN;
      if (!Number.isFinite(n) || n < 0 || n > 65535) continue;
      (p[rule.col] as number) = Math.trunc(n);
    } else {
      const s = kind === 'stringValue' ? (v.stringValue as string) : kind === 'intValue' ? String(toNumber(v.intValue)) : undefined;
      if (s === undefined) continue;
      (p[rule.col] as string) = rule.col === 'url_path' && rule.rank === 1 ? s.replace(/[?#].*$/, '') : s;
    }
    ranks[rule.col] = rule.rank;
  }
  return p;
}
