import { Link, type ErrorComponentProps } from '@tanstack/react-router';
import { ErrorState } from '../components/states';
import { useTimeSearch } from '../hooks/use-range';

export function NotFoundPage() {
  const time = useTimeSearch();
  return (
    <div className="page">
      <div className="panel not-found">
        <h1>Page not found</h1>
        <p className="muted">There is no view at this address.</p>
        <Link to="/map" search={time as never} className="btn">
          Open the dependency map
        </Link>
      </div>
    </div>
  );
}

export function RouteError({ error, reset }: ErrorComponentProps) {
  return (
    <div className="page">
      <div className="panel">
        <ErrorState error={error} retry={reset} height={200} />
      </div>
    </div>
  );
}
