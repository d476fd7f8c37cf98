import { createRoute } from '@tanstack/react-router';
import type { rootRoute as RootRoute } from '../router';
import { validateEventsSearch } from './events/events-search';
import { validateEntitySearch, validateInfraMapSearch } from './infrastructure/infra-search';
import { validateHttpCallsSearch, validatePagesSearch } from './websites/website-search';

/**
 * The routes of the infrastructure, websites, events and alerting views (issue 15), code-split like the others:
 * each view's module is loaded when first opened. Every route takes the time range from the root route's search.
 */
export function part2Routes(rootRoute: typeof RootRoute) {
  const parent = () => rootRoute;
  const infrastructure = createRoute({ getParentRoute: parent, path: 'infrastructure', validateSearch: validateInfraMapSearch }).lazy(() =>
    import('./infrastructure/map/infra-map-page').then((m) => m.Route),
  );
  const entity = createRoute({ getParentRoute: parent, path: 'infrastructure/entities/$id', validateSearch: validateEntitySearch }).lazy(
    () => import('./infrastructure/entity/entity-page').then((m) => m.Route),
  );
  const events = createRoute({ getParentRoute: parent, path: 'events', validateSearch: validateEventsSearch }).lazy(() =>
    import('./events/events-page').then((m) => m.Route),
  );
  const websitePages = () => import('./websites/website-pages');
  const websites = createRoute({ getParentRoute: parent, path: 'websites' }).lazy(() =>
    import('./websites/websites-page').then((m) => m.Route),
  );
  const websiteNew = createRoute({ getParentRoute: parent, path: 'websites/new' }).lazy(() => websitePages().then((m) => m.NewRoute));
  const website = createRoute({ getParentRoute: parent, path: 'websites/$id' }).lazy(() => websitePages().then((m) => m.OverviewRoute));
  const websitePagesTab = createRoute({ getParentRoute: parent, path: 'websites/$id/pages', validateSearch: validatePagesSearch }).lazy(
    () => websitePages().then((m) => m.PagesRoute),
  );
  const websiteErrors = createRoute({ getParentRoute: parent, path: 'websites/$id/errors' }).lazy(() =>
    websitePages().then((m) => m.ErrorsRoute),
  );
  const websiteResources = createRoute({ getParentRoute: parent, path: 'websites/$id/resources' }).lazy(() =>
    websitePages().then((m) => m.ResourcesRoute),
  );
  const websiteCalls = createRoute({
    getParentRoute: parent,
    path: 'websites/$id/http-calls',
    validateSearch: validateHttpCallsSearch,
  }).lazy(() => websitePages().then((m) => m.HttpCallsRoute));
  const websiteSetup = createRoute({ getParentRoute: parent, path: 'websites/$id/setup' }).lazy(() =>
    websitePages().then((m) => m.SetupRoute),
  );
  const websiteSession = createRoute({ getParentRoute: parent, path: 'websites/$id/sessions/$sessionId' }).lazy(() =>
    websitePages().then((m) => m.SessionRoute),
  );
  const alerts = createRoute({ getParentRoute: parent, path: 'alerts' }).lazy(() => import('./alerting/alerts-page').then((m) => m.Route));
  const alertNew = createRoute({ getParentRoute: parent, path: 'alerts/new' }).lazy(() =>
    import('./alerting/alert-page').then((m) => m.NewRoute),
  );
  const alert = createRoute({ getParentRoute: parent, path: 'alerts/$id' }).lazy(() =>
    import('./alerting/alert-edit').then((m) => m.Route),
  );
  const incident = createRoute({ getParentRoute: parent, path: 'incidents/$id' }).lazy(() =>
    import('./alerting/incident-page').then((m) => m.Route),
  );
  const channels = createRoute({ getParentRoute: parent, path: 'settings/channels' }).lazy(() =>
    import('./alerting/channels-page').then((m) => m.Route),
  );
  return [
    infrastructure,
    entity,
    events,
    websites,
    websiteNew,
    website,
    websitePagesTab,
    websiteErrors,
    websiteResources,
    websiteCalls,
    websiteSetup,
    websiteSession,
    alerts,
    alertNew,
    alert,
    incident,
    channels,
  ] as const;
}
