import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { Fragment, useEffect, useRef, useState } from 'react';
import { useTimeSearch } from '../hooks/use-range';
import { AccountMenu } from '../features/login/account-menu';
import { PART2_NAV } from '../features/part2-nav';
import { setTheme, useTheme } from '../hooks/use-theme';
import { SearchBox } from './search-box';
import { Shortcuts } from './shortcuts';
import { TimePicker } from './time-picker';
import './frame.css';

const NAV = [
  { to: '/map', label: 'Dependency map', key: 'm', icon: 'M4 6h4v4H4zM16 4h4v4h-4zM16 16h4v4h-4zM8 8l8-2M8 9l8 9' },
  { to: '/services', label: 'Services', key: 's', icon: 'M4 5h16M4 12h16M4 19h16' },
  { to: '/traces', label: 'Traces', key: 't', icon: 'M4 6h10M7 12h10M10 18h10' },
] as const;

/** The app frame: navigation, search, time picker, theme; keyboard shortcuts (`?` lists them). */
export function Frame() {
  const time = useTimeSearch();
  const navigate = useNavigate();
  const theme = useTheme();
  const searchRef = useRef<HTMLInputElement>(null);
  const [help, setHelp] = useState(false);
  const pending = useRouterState({ select: (s) => s.status === 'pending' });
  const onLogin = useRouterState({ select: (s) => s.location.pathname === '/login' });

  useEffect(() => {
    let g = 0;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === '?') setHelp((h) => !h);
      else if (e.key === 'g') g = Date.now();
      else if (Date.now() - g < 1500) {
        const item = [...NAV, ...PART2_NAV.flatMap((grp) => grp.items)].find((n) => n.key === e.key);
        g = 0;
        if (item) void navigate({ to: item.to, search: time as never });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, time]);

  // the login page stands alone, without navigation
  if (onLogin) return <Outlet />;

  return (
    <div className="frame">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <Link to="/map" search={time as never} className="brand" aria-label="Argus home">
          <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
            <circle cx="16" cy="16" r="13" fill="#2f6fe4" />
            <circle cx="16" cy="16" r="5.5" fill="#fff" />
            <circle cx="16" cy="16" r="2.5" fill="#16202e" />
          </svg>
          <span>Argus</span>
        </Link>
        <div className="nav-group">Applications</div>
        <ul>
          {NAV.map((n) => (
            <li key={n.to}>
              <Link to={n.to} search={time as never} activeProps={{ className: 'active', 'aria-current': 'page' }}>
                <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8">
                  <path d={n.icon} />
                </svg>
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
        {PART2_NAV.map((grp) => (
          <Fragment key={grp.group}>
            <div className="nav-group">{grp.group}</div>
            <ul>
              {grp.items.map((n) => (
                <li key={n.to}>
                  <Link to={n.to} search={time as never} activeProps={{ className: 'active', 'aria-current': 'page' }}>
                    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8">
                      <path d={n.icon} />
                    </svg>
                    {n.label}
                  </Link>
                </li>
              ))}
            </ul>
          </Fragment>
        ))}
        <div className="sidebar-foot">
          <button type="button" className="linkish" onClick={() => setHelp(true)}>
            Keyboard shortcuts <kbd>?</kbd>
          </button>
        </div>
      </nav>
      <div className="main-col">
        <header className="topbar">
          <SearchBox inputRef={searchRef} />
          <div className="grow" />
          <div className={`route-progress${pending ? ' on' : ''}`} aria-hidden="true" />
          <TimePicker />
          <AccountMenu />
          <button
            type="button"
            className="btn icon-btn"
            onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
            aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
            title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
          >
            {theme === 'dark' ? (
              <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
                <circle cx="12" cy="12" r="4" />
                <path d="M12 2v2M12 20v2M2 12h2M20 12h2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
              </svg>
            ) : (
              <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
                <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" />
              </svg>
            )}
          </button>
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      {help && <Shortcuts onClose={() => setHelp(false)} />}
    </div>
  );
}
