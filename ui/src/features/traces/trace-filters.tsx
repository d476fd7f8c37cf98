import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { serviceQuery, servicesQuery, type TraceFilters } from '../../api/queries';
import { useRange, useSetSearch } from '../../hooks/use-range';

/** The API's trace filters; text fields apply on Enter or when leaving the field. */
export function TraceFiltersBar({ filters }: { filters: TraceFilters }) {
  const range = useRange();
  const setSearch = useSetSearch();
  const services = useQuery({ ...servicesQuery(range), refetchInterval: false });
  const detail = useQuery({ ...serviceQuery(range, filters.service ?? ''), refetchInterval: false, enabled: Boolean(filters.service) });
  const [attr, setAttr] = useState('');
  const set = (patch: Record<string, unknown>) => setSearch({ ...patch, page: undefined });
  const numField = (key: 'minDuration' | 'maxDuration', label: string) => (
    <label className="filter">
      <span>{label}</span>
      <input
        key={`${key}:${filters[key] ?? ''}`}
        className="input num-input"
        type="number"
        min={0}
        step="any"
        placeholder="ms"
        defaultValue={filters[key] ?? ''}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        onBlur={(e) => {
          const v = e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value);
          if (v !== filters[key]) set({ [key]: v !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined });
        }}
      />
    </label>
  );
  const addAttr = () => {
    const a = attr.trim();
    if (!a.includes('=') || a.startsWith('=')) return;
    set({ attr: [...(filters.attr ?? []), a] });
    setAttr('');
  };
  return (
    <div className="panel filters">
      <label className="filter">
        <span>Service</span>
        <select
          className="select"
          value={filters.service ?? ''}
          onChange={(e) => set({ service: e.target.value || undefined, endpoint: undefined })}
        >
          <option value="">Any service</option>
          {filters.service && !services.data?.services.some((s) => s.name === filters.service) && (
            <option value={filters.service}>{filters.service}</option>
          )}
          {(services.data?.services ?? []).map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter wide">
        <span>Endpoint</span>
        <input
          key={`ep:${filters.endpoint ?? ''}`}
          className="input"
          list="endpoint-options"
          placeholder="e.g. GET /api/products/{id}"
          defaultValue={filters.endpoint ?? ''}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          onBlur={(e) => e.currentTarget.value !== (filters.endpoint ?? '') && set({ endpoint: e.currentTarget.value || undefined })}
        />
        <datalist id="endpoint-options">
          {(detail.data?.endpoints ?? []).map((e) => (
            <option key={e.name} value={e.name} />
          ))}
        </datalist>
      </label>
      <label className="filter">
        <span>Status</span>
        <select className="select" value={filters.status ?? ''} onChange={(e) => set({ status: e.target.value || undefined })}>
          <option value="">Any</option>
          <option value="error">Error</option>
          <option value="ok">OK</option>
        </select>
      </label>
      {numField('minDuration', 'Min duration')}
      {numField('maxDuration', 'Max duration')}
      <div className="filter wide">
        <label htmlFor="attr-input">Attribute</label>
        <div className="row">
          <input
            id="attr-input"
            className="input grow"
            placeholder="key=value (resource.key=value)"
            value={attr}
            onChange={(e) => setAttr(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && addAttr()}
          />
          <button type="button" className="btn" onClick={addAttr} disabled={!attr.includes('=')}>
            Add
          </button>
        </div>
      </div>
      {(filters.attr?.length ?? 0) > 0 && (
        <div className="chips">
          {filters.attr?.map((a, i) => (
            <span key={`${a}-${i}`} className="chip">
              <code>{a}</code>
              <button
                type="button"
                aria-label={`Remove ${a}`}
                onClick={() =>
                  set({ attr: filters.attr?.filter((_, j) => j !== i).length ? filters.attr.filter((_, j) => j !== i) : undefined })
                }
              >
                ✕
              </button>
            </span>
          ))}
        </div>
      )}
      <button
        type="button"
        className="btn clear-btn"
        onClick={() =>
          set({
            service: undefined,
            endpoint: undefined,
            status: undefined,
            minDuration: undefined,
            maxDuration: undefined,
            attr: undefined,
          })
        }
      >
        Clear filters
      </button>
    </div>
  );
}
