import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import './states.css';

/** Placeholder blocks with the final layout's size, so nothing shifts when data arrives. */
export function Loading({ label = 'Loading', height = 120 }: { label?: string; height?: number }) {
  return (
    <div className="state loading" style={{ minHeight: height }} role="status" aria-live="polite">
      <div className="shimmer" />
      <span className="visually-hidden">{label}…</span>
    </div>
  );
}

export function Empty({ title, children, height = 120 }: { title: string; children?: ReactNode; height?: number }) {
  return (
    <div className="state empty" style={{ minHeight: height }}>
      <svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 12h8" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <div className="state-title">{title}</div>
      {children && <div className="state-hint">{children}</div>}
    </div>
  );
}

/** An API error with its code and message (or any other error), and a retry button. */
export function ErrorState({ error, retry, height = 120 }: { error: unknown; retry?: () => void; height?: number }) {
  const e = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state error" style={{ minHeight: height }} role="alert">
      <div className="state-title">
        {e ? (
          <>
            <code className="state-code">{e.code}</code>
            {e.status > 0 && <span className="muted"> HTTP {e.status}</span>}
          </>
        ) : (
          'Something went wrong'
        )}
      </div>
      <div className="state-hint">{message}</div>
      {retry && (
        <button type="button" className="btn small" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Loading, error or the data: the common shape of every panel. */
export function QueryState<T>({
  query,
  height,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  height?: number;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.data === undefined) {
    if (query.error) return <ErrorState error={query.error} retry={() => void query.refetch()} height={height} />;
    return <Loading height={height} />;
  }
  if (isEmpty?.(query.data)) return <>{empty ?? <Empty title="No data in this time range" height={height} />}</>;
  return (
    <>
      {query.error ? <StaleBanner error={query.error} /> : null}
      {children(query.data)}
    </>
  );
}

/** A refresh failed but older data is still shown. */
function StaleBanner({ error }: { error: unknown }) {
  const e = error instanceof ApiError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  return (
    <div className="stale-banner" role="status">
      Refresh failed ({e}); showing the last answer.
    </div>
  );
}
