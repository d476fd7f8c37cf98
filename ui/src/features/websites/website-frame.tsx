import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { ErrorState } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { websiteQuery } from './website-queries';
import './websites.css';

export type WebsiteTab = 'overview' | 'pages' | 'errors' | 'resources' | 'http-calls' | 'setup' | 'session';

const TABS = [
  { tab: 'overview', label: 'Overview', to: '/websites/$id' },
  { tab: 'pages', label: 'Pages & audience', to: '/websites/$id/pages' },
  { tab: 'errors', label: 'JS errors', to: '/websites/$id/errors' },
  { tab: 'resources', label: 'Resources', to: '/websites/$id/resources' },
  { tab: 'http-calls', label: 'HTTP calls', to: '/websites/$id/http-calls' },
  { tab: 'setup', label: 'Install', to: '/websites/$id/setup' },
] as const;

/** The header of every website view: name, allowed origins, tabs (links, so each tab is a deep link). */
export function WebsiteFrame({ id, tab, extra, children }: { id: string; tab: WebsiteTab; extra?: ReactNode; children: ReactNode }) {
  const time = useTimeSearch();
  const site = useQuery(websiteQuery(id));
  if (site.error instanceof ApiError && site.error.status === 404) {
    return (
      <div className="page">
        <h1>Website not found</h1>
        <ErrorState error={site.error} height={140} />
        <Link to="/websites" search={time as never}>
          All websites
        </Link>
      </div>
    );
  }
  const w = site.data;
  return (
    <div className="page website-page">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/websites" search={time as never}>
          Websites
        </Link>
        <span aria-hidden="true">/</span>
      </nav>
      <div className="page-head">
        <h1>
          <svg width="18" height="18" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.4">
            <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" />
            <path d="M1.5 5.5h13M4 4h.01M6 4h.01" />
          </svg>
          <span className="ellipsis">{w?.name ?? id}</span>
        </h1>
        {w && <span className="muted small ellipsis origins">{w.allowedOrigins.join(' · ')}</span>}
        <div className="grow" />
        {extra}
      </div>
      <nav className="tabs website-tabs" aria-label="Website views">
        {TABS.map((t) => (
          <Link
            key={t.tab}
            to={t.to}
            params={{ id }}
            search={time as never}
            className="tab"
            // exact: the overview's path is a prefix of the other tabs' (the router would mark it current on them too)
            activeOptions={{ exact: true }}
            aria-current={tab === t.tab ? 'page' : undefined}
          >
            {t.label}
          </Link>
        ))}
        {tab === 'session' && (
          <span className="tab" aria-current="page">
            Session
          </span>
        )}
      </nav>
      {children}
    </div>
  );
}
