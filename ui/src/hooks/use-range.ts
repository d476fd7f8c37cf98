import { useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { resolveRange, timeOnly, type ResolvedRange, type TimeSearch } from '../lib/time-range';

/** The current route's time range (live window or fixed bounds), stable while the URL's range is unchanged. */
export function useRange(): ResolvedRange {
  const search = useSearch({ strict: false });
  const { live, from, to } = search as TimeSearch;
  return useMemo(() => resolveRange({ live, from, to }), [live, from, to]);
}

/** The time params to carry along in links. */
export function useTimeSearch(): TimeSearch {
  const search = useSearch({ strict: false });
  const { live, from, to } = search as TimeSearch;
  return useMemo(() => timeOnly({ live, from, to }), [live, from, to]);
}

/** Merges a patch into the current route's search params (undefined removes a key). */
export function useSetSearch() {
  const navigate = useNavigate();
  return useCallback(
    (patch: Record<string, unknown>, replace = false) => {
      void navigate({
        to: '.',
        search: ((prev: Record<string, unknown>) => ({ ...prev, ...patch })) as never,
        replace,
      });
    },
    [navigate],
  );
}
