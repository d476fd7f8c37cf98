import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { ErrorsTab } from './errors-tab';
import { HttpCallsTab } from './http-calls-tab';
import { OverviewTab } from './overview-tab';
import { PagesTab } from './pages-tab';
import { ResourcesTab } from './resources-tab';
import { SessionView } from './session-view';
import { AddWebsiteForm, InstallPanel } from './setup';
import { WebsiteFrame } from './website-frame';
import './websites.css';

/** The website routes: one lazy module, a component per tab (each tab is its own deep link). */

const overviewApi = getRouteApi('/websites/$id');
const pagesApi = getRouteApi('/websites/$id/pages');
const errorsApi = getRouteApi('/websites/$id/errors');
const resourcesApi = getRouteApi('/websites/$id/resources');
const httpApi = getRouteApi('/websites/$id/http-calls');
const setupApi = getRouteApi('/websites/$id/setup');
const sessionApi = getRouteApi('/websites/$id/sessions/$sessionId');

export const OverviewRoute = createLazyRoute('/websites/$id')({
  component: function Overview() {
    const { id } = overviewApi.useParams();
    return (
      <WebsiteFrame id={id} tab="overview">
        <OverviewTab id={id} />
      </WebsiteFrame>
    );
  },
});

export const PagesRoute = createLazyRoute('/websites/$id/pages')({
  component: function Pages() {
    const { id } = pagesApi.useParams();
    const { by } = pagesApi.useSearch();
    return (
      <WebsiteFrame id={id} tab="pages">
        <PagesTab id={id} by={by} />
      </WebsiteFrame>
    );
  },
});

export const ErrorsRoute = createLazyRoute('/websites/$id/errors')({
  component: function Errors() {
    const { id } = errorsApi.useParams();
    return (
      <WebsiteFrame id={id} tab="errors">
        <ErrorsTab id={id} />
      </WebsiteFrame>
    );
  },
});

export const ResourcesRoute = createLazyRoute('/websites/$id/resources')({
  component: function Resources() {
    const { id } = resourcesApi.useParams();
    return (
      <WebsiteFrame id={id} tab="resources">
        <ResourcesTab id={id} />
      </WebsiteFrame>
    );
  },
});

export const HttpCallsRoute = createLazyRoute('/websites/$id/http-calls')({
  component: function HttpCalls() {
    const { id } = httpApi.useParams();
    const search = httpApi.useSearch();
    return (
      <WebsiteFrame id={id} tab="http-calls">
        <HttpCallsTab id={id} search={search} />
      </WebsiteFrame>
    );
  },
});

export const SetupRoute = createLazyRoute('/websites/$id/setup')({
  component: function Setup() {
    const { id } = setupApi.useParams();
    return (
      <WebsiteFrame id={id} tab="setup">
        <InstallPanel id={id} />
      </WebsiteFrame>
    );
  },
});

export const SessionRoute = createLazyRoute('/websites/$id/sessions/$sessionId')({
  component: function Session() {
    const { id, sessionId } = sessionApi.useParams();
    return (
      <WebsiteFrame id={id} tab="session">
        <SessionView id={id} sessionId={sessionId} />
      </WebsiteFrame>
    );
  },
});

export const NewRoute = createLazyRoute('/websites/new')({
  component: function NewWebsite() {
    return (
      <div className="page narrow-page">
        <div className="page-head">
          <h1>Add a website</h1>
        </div>
        <p className="muted">
          Argus gives the website a key and a snippet for its pages. The ~5 KB script then reports page loads, web vitals, JavaScript
          errors, XHR/fetch calls (linked to your backend traces) and SPA page changes.
        </p>
        <AddWebsiteForm />
      </div>
    );
  },
});
