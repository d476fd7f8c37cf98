/** Shared state of one page load: configuration set through `argus(...)` commands plus runtime hooks. */
export type Matcher = string | RegExp;
export type Beacon = Record<string, unknown> & { t: string };

export interface Ctx {
  key?: string;
  /** base URL of the collector's ingest port; beacons go to `${url}/eum/v1/beacons` */
  url?: string;
  /** page-load id, constant for this document (made at the first flush, not while the page loads) */
  pl: string;
  /** current page name */
  page?: string;
  /** true once `argus('page', ...)` was called: URL-based page detection stops */
  manualPage?: boolean;
  autoPage: boolean;
  user: [string?, string?, string?];
  meta: Record<string, string>;
  /** origins (besides the page's own) whose requests carry a `traceparent` header */
  origins: Matcher[];
  /** request URLs never tracked */
  ignore: Matcher[];
  /** query parameter names whose values are redacted */
  secrets: Matcher[];
  /** session inactivity timeout in ms */
  idle: number;
  /** batching delay in ms */
  delay: number;
  /** XHR/fetch calls in flight (used to settle SPA transitions) */
  pending: number;
  /** queue a beacon (set by the transport) */
  add(b: Beacon): void;
  /** called right before every flush */
  beforeFlush: Array<() => void>;
  /** called once, right after the page-load beacon */
  afterLoad: Array<() => void>;
  /** called once when the page is first hidden, before the flush */
  onHide: Array<() => void>;
  /** called when `pending` drops to zero */
  onIdle: Array<() => void>;
  /** hook used by the SPA feature for `argus('page', name)` */
  setPage?(name: string): void;
  /** `argus('reportError', error)`, set by the errors feature */
  reportError?(e: unknown): void;
  /** session: last `id|start|lastActivity` value and the storage it lives in (null: memory only) */
  ss?: string;
  st?: { getItem(k: string): string | null; setItem(k: string, v: string): void } | null;
}

export const createCtx = (): Ctx => ({
  pl: '',
  autoPage: true,
  user: [],
  meta: {},
  origins: [],
  ignore: [],
  secrets: [/key|secret|passw|token|auth|session|sig|credential/i],
  idle: 30 * 60e3,
  delay: 1000,
  pending: 0,
  add() {},
  beforeFlush: [],
  afterLoad: [],
  onHide: [],
  onIdle: [],
});
