/** Typed search params of each route (validated from the URL, so every view is a shareable link). */
import type { Health, ServiceType } from './api/types';

const str = (v: unknown, max = 500): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};
const oneOf = <T extends string>(v: unknown, values: readonly T[]): T | undefined => (values.includes(v as T) ? (v as T) : undefined);

export const SERVICE_TYPES = ['service', 'database', 'messaging', 'external'] as const satisfies readonly ServiceType[];
export const HEALTHS = ['ok', 'warning', 'critical', 'unknown'] as const satisfies readonly Health[];

export interface MapSearch {
  q?: string;
  type?: ServiceType;
  health?: Health;
  size?: 'calls' | 'errors' | 'latency';
  dir?: 'LR' | 'TB';
  focus?: string;
}

export function validateMapSearch(s: Record<string, unknown>): MapSearch {
  return {
    q: str(s.q, 200),
    type: oneOf(s.type, SERVICE_TYPES),
    health: oneOf(s.health, HEALTHS),
    size: oneOf(s.size, ['calls', 'errors', 'latency'] as const),
    dir: oneOf(s.dir, ['LR', 'TB'] as const),
    focus: str(s.focus),
  };
}

export const SERVICE_SORTS = ['name', 'type', 'calls', 'errors', 'p50', 'p99'] as const;
export type ServiceSort = (typeof SERVICE_SORTS)[number];

export interface ServicesSearch {
  q?: string;
  type?: ServiceType;
  sort?: ServiceSort;
  asc?: boolean;
  /** only the services seen on this host (name or id) */
  host?: string;
}

export function validateServicesSearch(s: Record<string, unknown>): ServicesSearch {
  return {
    q: str(s.q, 200),
    type: oneOf(s.type, SERVICE_TYPES),
    sort: oneOf(s.sort, SERVICE_SORTS),
    asc: s.asc === true || s.asc === 'true' ? true : undefined,
    host: str(s.host, 300),
  };
}

export interface TracesSearch {
  service?: string;
  endpoint?: string;
  status?: 'error' | 'ok';
  minDuration?: number;
  maxDuration?: number;
  attr?: string[];
  sort?: 'newest' | 'slowest';
  page?: number;
}

export function validateTracesSearch(s: Record<string, unknown>): TracesSearch {
  const attrs = (Array.isArray(s.attr) ? s.attr : s.attr === undefined ? [] : [s.attr]).filter(
    (a): a is string => typeof a === 'string' && a.includes('=') && a.length <= 500,
  );
  const page = num(s.page);
  return {
    service: str(s.service),
    endpoint: str(s.endpoint),
    status: oneOf(s.status, ['error', 'ok'] as const),
    minDuration: num(s.minDuration),
    maxDuration: num(s.maxDuration),
    attr: attrs.length ? attrs.slice(0, 20) : undefined,
    sort: oneOf(s.sort, ['newest', 'slowest'] as const),
    page: page !== undefined && page >= 1 ? Math.floor(page) : undefined,
  };
}

export interface TraceSearchParams {
  span?: string;
}

export function validateTraceSearch(s: Record<string, unknown>): TraceSearchParams {
  const span = str(s.span, 16);
  return { span: span && /^[0-9a-f]{16}$/.test(span) ? span : undefined };
}
