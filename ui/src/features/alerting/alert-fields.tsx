import type { WebsitesResponse } from '@argus/api';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ServiceDetail, ServicesResponse } from '../../api/types';
import type { Channel } from './alert-types';
import type { BlueprintDraft, TargetKind } from './blueprint-spec';

/** Form parts shared by the new-alert and edit-alert pages. */

const dayRange = () => ({ from: Date.now() - 86_400_000, to: Date.now() });

/** Service / endpoint / website / entity pickers for a blueprint's target, filled from the read API. */
export function TargetFields({
  target,
  draft,
  set,
}: {
  target: TargetKind;
  draft: BlueprintDraft;
  set: (p: Partial<BlueprintDraft>) => void;
}) {
  const services = useQuery({
    queryKey: ['alert-form-services'],
    queryFn: ({ signal }) => api.get<ServicesResponse>('/services', dayRange(), signal),
    enabled: target === 'service' || target === 'endpoint',
    staleTime: 60_000,
  });
  const detail = useQuery({
    queryKey: ['alert-form-service', draft.service],
    queryFn: ({ signal }) => api.get<ServiceDetail>(`/services/${encodeURIComponent(draft.service)}`, dayRange(), signal),
    enabled: target === 'endpoint' && draft.service !== '',
    staleTime: 60_000,
  });
  const websites = useQuery({
    queryKey: ['websites'],
    queryFn: ({ signal }) => api.get<WebsitesResponse>('/websites', {}, signal),
    enabled: target === 'website',
    staleTime: 30_000,
  });
  if (target === 'service' || target === 'endpoint')
    return (
      <>
        <label className="field-block">
          <span>Service</span>
          <select className="select" value={draft.service} onChange={(e) => set({ service: e.target.value, endpoint: '' })} required>
            <option value="">Choose a service…</option>
            {(services.data?.services ?? [])
              .filter((s) => s.type === 'service')
              .map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
          </select>
        </label>
        {target === 'endpoint' && (
          <label className="field-block">
            <span>Endpoint</span>
            <select
              className="select"
              value={draft.endpoint}
              onChange={(e) => set({ endpoint: e.target.value })}
              required
              disabled={!draft.service}
            >
              <option value="">Choose an endpoint…</option>
              {(detail.data?.endpoints ?? []).map((e) => (
                <option key={e.name} value={e.name}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </>
    );
  if (target === 'website')
    return (
      <label className="field-block">
        <span>Website</span>
        <select className="select" value={draft.website} onChange={(e) => set({ website: e.target.value })} required>
          <option value="">Choose a website…</option>
          {(websites.data?.websites ?? []).map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
    );
  return (
    <>
      <div className="field-row">
        <label className="field-block">
          <span>Entity type</span>
          <input
            className="input"
            value={draft.entityType}
            onChange={(e) => set({ entityType: e.target.value.trim() })}
            placeholder="host, process, postgres, …"
          />
        </label>
        <label className="field-block">
          <span>or one entity id</span>
          <input
            className="input mono"
            value={draft.entityId}
            onChange={(e) => set({ entityId: e.target.value.trim() })}
            placeholder="host:… (optional)"
          />
        </label>
      </div>
      {target === 'metric' && (
        <div className="field-row">
          <label className="field-block">
            <span>Metric</span>
            <input
              className="input mono"
              value={draft.metric}
              onChange={(e) => set({ metric: e.target.value.trim() })}
              placeholder="system.cpu.utilization"
              required
            />
          </label>
          <label className="field-block">
            <span>Series attributes</span>
            <input
              className="input mono"
              value={draft.attributes}
              onChange={(e) => set({ attributes: e.target.value })}
              placeholder="state=busy"
            />
          </label>
        </div>
      )}
    </>
  );
}

export interface Timing {
  windowSeconds: string;
  violations: string;
  of: string;
  minTraffic: string;
  gracePeriodSeconds: string;
  renotifySeconds: string;
}

export const EMPTY_TIMING: Timing = {
  windowSeconds: '',
  violations: '',
  of: '',
  minTraffic: '',
  gracePeriodSeconds: '',
  renotifySeconds: '',
};

/** Window, time rule, minimum traffic, grace and re-notification; blank fields keep the blueprint's defaults. */
export function TimingFields({ timing, set }: { timing: Timing; set: (p: Partial<Timing>) => void }) {
  const field = (key: keyof Timing, label: string, hint: string) => (
    <label className="field-block" key={key}>
      <span>{label}</span>
      <input
        className="input"
        inputMode="numeric"
        value={timing[key]}
        onChange={(e) => set({ [key]: e.target.value.replace(/[^\d]/g, '') })}
        placeholder="default"
      />
      <span className="muted small">{hint}</span>
    </label>
  );
  return (
    <div className="field-grid">
      {field('windowSeconds', 'Window (s)', 'the signal is aggregated over it, every second')}
      {field('violations', 'Violations', 'in at least this many…')}
      {field('of', '…of the last evaluations', 'e.g. 3 of 5')}
      {field('minTraffic', 'Minimum traffic', 'calls or page loads in the window to evaluate')}
      {field('gracePeriodSeconds', 'Grace (s)', 'healthy this long before it resolves')}
      {field('renotifySeconds', 'Re-notify (s)', 'while open; 0 = never')}
    </div>
  );
}

/** Which channels the alert notifies. */
export function ChannelsField({ channels, value, set }: { channels: Channel[]; value: string[]; set: (ids: string[]) => void }) {
  if (channels.length === 0)
    return (
      <p className="muted small">
        No channel yet: the alert opens issues and incidents, but notifies nobody. Add Slack, a webhook, PagerDuty or e-mail under Channels.
      </p>
    );
  return (
    <fieldset className="channel-pick">
      <legend>Notify</legend>
      {channels.map((c) => (
        <label key={c.id} className="row small">
          <input
            type="checkbox"
            checked={value.includes(c.id)}
            onChange={(e) => set(e.target.checked ? [...value, c.id] : value.filter((x) => x !== c.id))}
          />
          {c.name} <span className="muted">({c.type})</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Numbers typed into the form: blank means "not set". */
export const numOrUndefined = (s: string): number | undefined => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));

/** The timing fields that were filled in, as full-form fields. */
export function timingBody(t: Timing): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const n = (s: string) => numOrUndefined(s);
  if (n(t.windowSeconds) !== undefined) out.windowSeconds = n(t.windowSeconds);
  if (n(t.violations) !== undefined && n(t.of) !== undefined) out.timeRule = { violations: n(t.violations), of: n(t.of) };
  if (n(t.minTraffic) !== undefined) out.minTraffic = n(t.minTraffic);
  if (n(t.gracePeriodSeconds) !== undefined) out.gracePeriodSeconds = n(t.gracePeriodSeconds);
  if (n(t.renotifySeconds) !== undefined) out.renotifySeconds = n(t.renotifySeconds);
  return out;
}
