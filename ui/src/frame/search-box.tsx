import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useId, useMemo, useState, type RefObject } from 'react';
import { searchQuery, servicesQuery } from '../api/queries';
import { TypeIcon } from '../components/health';
import { useRange, useTimeSearch } from '../hooks/use-range';

interface Option {
  key: string;
  kind: 'trace' | 'service' | 'endpoint' | 'host';
  label: string;
  detail?: string;
  /** where choosing it navigates (the time range is added when chosen) */
  target: Target;
}

type Target =
  | { to: '/traces/$traceId'; params: { traceId: string } }
  | { to: '/services/$name'; params: { name: string } }
  | { to: '/services/$name/endpoints/$endpoint'; params: { name: string; endpoint: string } }
  | { to: '/services'; host: string };

const TRACE_ID = /^[0-9a-f]{32}$/i;

/** Jump to a service, an endpoint, a host (the services running on it) or a trace id. */
export function SearchBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const range = useRange();
  const time = useTimeSearch();
  const navigate = useNavigate();
  const listId = useId();
  const services = useQuery({ ...servicesQuery(range), refetchInterval: false, enabled: open });
  const remote = useQuery(searchQuery(range, q.trim()));
  const term = q.trim().toLowerCase();

  const options = useMemo<Option[]>(() => {
    if (!term) return [];
    const out: Option[] = [];
    if (TRACE_ID.test(term)) {
      out.push({ key: `t:${term}`, kind: 'trace', label: `Trace ${term}`, target: { to: '/traces/$traceId', params: { traceId: term } } });
    }
    const seen = new Set<string>();
    const svc = [...(services.data?.services ?? []), ...(remote.data?.services ?? [])];
    for (const s of svc) {
      if (seen.has(s.name) || !s.name.toLowerCase().includes(term)) continue;
      seen.add(s.name);
      out.push({
        key: `s:${s.name}`,
        kind: 'service',
        label: s.name,
        detail: s.type,
        target: { to: '/services/$name', params: { name: s.name } },
      });
      if (seen.size >= 6) break;
    }
    for (const e of remote.data?.endpoints ?? []) {
      out.push({
        key: `e:${e.service}|${e.endpoint}`,
        kind: 'endpoint',
        label: e.endpoint,
        detail: e.service,
        target: { to: '/services/$name/endpoints/$endpoint', params: { name: e.service, endpoint: e.endpoint } },
      });
    }
    for (const h of remote.data?.hosts ?? []) {
      out.push({
        key: `h:${h.id}`,
        kind: 'host',
        label: h.name,
        detail: 'host: services running on it',
        target: { to: '/services', host: h.name },
      });
    }
    return out;
  }, [term, services.data, remote.data]);

  const choose = (o: Option) => {
    setOpen(false);
    setQ('');
    inputRef.current?.blur();
    const t = o.target;
    if (t.to === '/services') void navigate({ to: '/services', search: { ...time, host: t.host } as never });
    else void navigate({ to: t.to, params: t.params as never, search: time as never });
  };

  const current = Math.min(active, options.length - 1);
  return (
    <div className="search-box">
      <svg
        className="search-icon"
        width="14"
        height="14"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        aria-hidden="true"
      >
        <circle cx="11" cy="11" r="7" />
        <path d="M20 20l-3.5-3.5" />
      </svg>
      <input
        ref={inputRef}
        className="input"
        type="search"
        placeholder="Search services, endpoints, hosts, trace ids   /"
        aria-label="Search services, endpoints, hosts and trace ids"
        role="combobox"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && current >= 0 ? `${listId}-${current}` : undefined}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive(Math.min(options.length - 1, current + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive(Math.max(0, current - 1));
          } else if (e.key === 'Enter' && options[current]) {
            e.preventDefault();
            choose(options[current]);
          } else if (e.key === 'Escape') {
            setOpen(false);
            inputRef.current?.blur();
          }
        }}
      />
      {open && term && (
        <ul className="popover search-results" id={listId} role="listbox" aria-label="Search results">
          {options.length === 0 && (
            <li className="muted search-empty" role="presentation">
              {remote.isFetching || services.isFetching ? 'Searching…' : 'No service, endpoint, host or trace id matches'}
            </li>
          )}
          {options.map((o, i) => (
            <li
              key={o.key}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="search-kind">{o.kind === 'service' ? <TypeIcon type="service" /> : o.kind}</span>
              <span className="ellipsis grow">{o.label}</span>
              {o.detail && <span className="muted small ellipsis">{o.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
