/** Search params of the website routes (kept small: the router imports this eagerly). */

export const DIMENSIONS = ['page', 'browser', 'os', 'device', 'country'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface PagesSearch {
  by?: Dimension;
}

export function validatePagesSearch(s: Record<string, unknown>): PagesSearch {
  return { by: DIMENSIONS.includes(s.by as Dimension) ? (s.by as Dimension) : undefined };
}

export interface HttpCallsSearch {
  /** substring of the URL */
  url?: string;
  /** only calls that carry a backend trace id */
  withTrace?: boolean;
}

export function validateHttpCallsSearch(s: Record<string, unknown>): HttpCallsSearch {
  return {
    url: typeof s.url === 'string' && s.url.length > 0 && s.url.length <= 2048 ? s.url : undefined,
    withTrace: s.withTrace === true || s.withTrace === 'true' ? true : undefined,
  };
}
