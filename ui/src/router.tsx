import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, redirect } from '@tanstack/react-router';
import { Frame } from './frame/frame';
import { NotFoundPage, RouteError } from './frame/not-found';
import { part2Routes } from './features/part2-routes';
import { mapQuery, traceQuery } from './api/queries';
import { resolveRange, timeOnly, validateTimeSearch } from './lib/time-range';
import { validateMapSearch, validateServicesSearch, validateTraceSearch, validateTracesSearch } from './search-params';

/**
 * Routes (code-split: each view is loaded when first opened). Every route takes the time range in its search
 * params (from the root route): `live=<window>` or `from`/`to`.
 */
export const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  validateSearch: validateTimeSearch,
  component: Frame,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteError,
});

/** a prefetch's error is the view's to show (its query has it) */
const noop = () => undefined;

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: ({ search }) => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- TanStack Router's redirect is thrown by design
    throw redirect({ to: '/map', search });
  },
});

// the map's and a trace's data are asked for while the route's code loads, not after it (not awaited: the view shows
// its own loading state)
const mapRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'map',
  validateSearch: validateMapSearch,
  loaderDeps: ({ search }) => timeOnly(search),
  loader: ({ context, deps }) => void context.queryClient.query(mapQuery(resolveRange(deps))).catch(noop),
}).lazy(() => import('./features/map/map-page').then((m) => m.Route));

const servicesRoute = createRoute({ getParentRoute: () => rootRoute, path: 'services', validateSearch: validateServicesSearch }).lazy(() =>
  import('./features/services/services-page').then((m) => m.Route),
);

const serviceRoute = createRoute({ getParentRoute: () => rootRoute, path: 'services/$name' }).lazy(() =>
  import('./features/service/service-page').then((m) => m.Route),
);

const endpointRoute = createRoute({ getParentRoute: () => rootRoute, path: 'services/$name/endpoints/$endpoint' }).lazy(() =>
  import('./features/endpoint/endpoint-page').then((m) => m.Route),
);

const tracesRoute = createRoute({ getParentRoute: () => rootRoute, path: 'traces', validateSearch: validateTracesSearch }).lazy(() =>
  import('./features/traces/traces-page').then((m) => m.Route),
);

const traceRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'traces/$traceId',
  validateSearch: validateTraceSearch,
  loader: ({ context, params }) => void context.queryClient.query(traceQuery(params.traceId.toLowerCase())).catch(noop),
}).lazy(() => import('./features/trace/trace-page').then((m) => m.Route));

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: (s: Record<string, unknown>): { redirect?: string } => (typeof s.redirect === 'string' ? { redirect: s.redirect } : {}),
}).lazy(() => import('./features/login/login-page').then((m) => m.Route));

const routeTree = rootRoute.addChildren([
  indexRoute,
  mapRoute,
  servicesRoute,
  serviceRoute,
  endpointRoute,
  tracesRoute,
  traceRoute,
  loginRoute,
  ...part2Routes(rootRoute),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPendingMs: 150,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
