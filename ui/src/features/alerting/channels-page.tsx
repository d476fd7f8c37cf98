import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { Empty, ErrorState, QueryState } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { formatTime } from '../../lib/format';
import { channelsQuery, notificationsQuery } from './alert-queries';
import type { Channel, ChannelTest } from './alert-types';
import { DeliveryLog } from './delivery-log';
import '../../components/data-table.css';
import './alerting.css';

export const Route = createLazyRoute('/settings/channels')({ component: ChannelsPage });

/** The fields each channel type takes (collector/src/alerts/channels/<type>), in the order the form shows them. */
const TYPES: Record<
  string,
  { label: string; fields: Array<{ key: string; label: string; placeholder: string; secret?: boolean; optional?: boolean }> }
> = {
  slack: {
    label: 'Slack',
    fields: [{ key: 'url', label: 'Incoming webhook URL', placeholder: 'https://hooks.slack.com/services/…', secret: true }],
  },
  webhook: {
    label: 'Webhook',
    fields: [
      { key: 'url', label: 'URL', placeholder: 'https://example.com/argus' },
      { key: 'secret', label: 'Signing secret (Standard Webhooks)', placeholder: 'generated when empty', secret: true, optional: true },
    ],
  },
  pagerduty: { label: 'PagerDuty', fields: [{ key: 'routingKey', label: 'Routing key (Events v2)', placeholder: 'R0…', secret: true }] },
  email: { label: 'E-mail', fields: [{ key: 'to', label: 'Recipients', placeholder: 'oncall@example.com, sre@example.com' }] },
};

type Form = { id?: string; type: string; name: string; notifyBuiltIn: boolean; options: Record<string, string> };
const blank = (): Form => ({ type: 'slack', name: '', notifyBuiltIn: false, options: {} });

/** Alert channels: add or edit one, send a test, and read the delivery log of every notification. */
function ChannelsPage() {
  const time = useTimeSearch();
  const client = useQueryClient();
  const channels = useQuery(channelsQuery());
  const [form, setForm] = useState<Form | null>(null);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [tests, setTests] = useState<Record<string, { ok: boolean; text: string }>>({});
  const log = useQuery(notificationsQuery(selected ? { channel: selected } : {}));
  const names = useMemo(() => new Map((channels.data?.channels ?? []).map((c) => [c.id, c.name])), [channels.data]);
  const refresh = () => void client.invalidateQueries({ queryKey: ['alert-channels'] });

  const save = useMutation({
    mutationFn: (f: Form) => {
      const opts: Record<string, unknown> = Object.fromEntries(Object.entries(f.options).filter(([, v]) => v !== ''));
      if (f.type === 'email' && typeof opts.to === 'string') opts.to = opts.to.split(/[\s,;]+/).filter(Boolean);
      const body = { type: f.type, name: f.name, notifyBuiltIn: f.notifyBuiltIn, ...opts };
      return f.id ? api.put<Channel>(`/alert-channels/${encodeURIComponent(f.id)}`, body) : api.post<Channel>('/alert-channels', body);
    },
    onSuccess: () => {
      setForm(null);
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (c: Channel) => api.delete(`/alert-channels/${encodeURIComponent(c.id)}`), onSuccess: refresh });
  const test = useMutation({
    mutationFn: (c: Channel) => api.post<ChannelTest>(`/alert-channels/${encodeURIComponent(c.id)}/test`),
    onSuccess: (r, c) =>
      setTests((t) => ({
        ...t,
        [c.id]: { ok: true, text: `delivered in ${r.durationMs} ms${r.result.detail ? `: ${r.result.detail}` : ''}` },
      })),
    onError: (e, c) =>
      setTests((t) => ({ ...t, [c.id]: { ok: false, text: e instanceof ApiError ? `${e.code}: ${e.message}` : String(e) } })),
  });

  const edit = (c: Channel) =>
    setForm({
      id: c.id,
      type: c.type,
      name: c.name,
      notifyBuiltIn: c.notifyBuiltIn,
      options: Object.fromEntries(
        Object.entries(c.options).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : JSON.stringify(v)]),
      ),
    });

  return (
    <div className="page">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/alerts" search={time as never}>
          Alerts
        </Link>
        <span aria-hidden="true">/</span>
      </nav>
      <div className="page-head">
        <h1>Alert channels</h1>
        <span className="muted">where alerts and incidents are sent</span>
        <div className="grow" />
        <button type="button" className="btn primary" onClick={() => setForm(blank())}>
          Add channel
        </button>
      </div>
      {form && <ChannelForm form={form} set={setForm} onSubmit={() => save.mutate(form)} pending={save.isPending} error={save.error} />}
      <section className="panel table-panel">
        <QueryState
          query={channels}
          height={120}
          isEmpty={(d) => d.channels.length === 0}
          empty={
            <Empty title="No channel yet" height={120}>
              Add Slack, a webhook, PagerDuty or e-mail, then pick it in an alert.
            </Empty>
          }
        >
          {(d) => (
            <table className="data-table" aria-label="Channels">
              <thead>
                <tr>
                  <th>Name</th>
                  <th style={{ width: 100 }}>Type</th>
                  <th>Settings</th>
                  <th style={{ width: 110 }} title="Also notified of incidents opened by built-in detection">
                    Built-in
                  </th>
                  <th style={{ width: 110 }}>Changed</th>
                  <th style={{ width: 270 }} />
                </tr>
              </thead>
              <tbody>
                {d.channels.map((c) => (
                  <tr key={c.id} className={selected === c.id ? 'kb-active' : undefined}>
                    <td>{c.name}</td>
                    <td>{TYPES[c.type]?.label ?? c.type}</td>
                    <td className="ellipsis small mono">
                      {Object.entries(c.options)
                        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : JSON.stringify(v)}`)
                        .join(' ')}
                      {tests[c.id] && (
                        <div className={tests[c.id].ok ? 'ok-text' : 'err-text'} role="status">
                          Test: {tests[c.id].text}
                        </div>
                      )}
                    </td>
                    <td>{c.notifyBuiltIn ? 'yes' : 'no'}</td>
                    <td className="small">{formatTime(c.updatedAt)}</td>
                    <td>
                      <div className="row">
                        <button
                          type="button"
                          className="btn small"
                          onClick={() => test.mutate(c)}
                          disabled={test.isPending && test.variables.id === c.id}
                        >
                          {test.isPending && test.variables.id === c.id ? 'Sending…' : 'Send test'}
                        </button>
                        <button
                          type="button"
                          className="btn small"
                          onClick={() => setSelected(selected === c.id ? undefined : c.id)}
                          aria-pressed={selected === c.id}
                        >
                          Log
                        </button>
                        <button type="button" className="btn small" onClick={() => edit(c)}>
                          Edit
                        </button>
                        <button
                          type="button"
                          className="btn small"
                          onClick={() => window.confirm(`Delete the channel ${c.name}?`) && remove.mutate(c)}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
        {remove.error && <ErrorState error={remove.error} height={50} />}
      </section>
      <section className="panel">
        <header>
          <h2>Delivery log</h2>
          <span className="muted small">{selected ? `channel ${names.get(selected) ?? selected}` : 'every channel'}, newest first</span>
        </header>
        <DeliveryLog query={log} channelNames={names} />
      </section>
    </div>
  );
}

function ChannelForm({
  form,
  set,
  onSubmit,
  pending,
  error,
}: {
  form: Form;
  set: (f: Form | null) => void;
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
}) {
  const spec = TYPES[form.type] ?? { label: form.type, fields: [] };
  return (
    <form
      className="panel channel-form"
      aria-label={form.id ? `Edit channel ${form.name}` : 'New channel'}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <div className="field-row">
        <label className="field-block">
          <span>Type</span>
          <select
            className="select"
            value={form.type}
            disabled={Boolean(form.id)}
            onChange={(e) => set({ ...form, type: e.target.value, options: {} })}
          >
            {Object.entries(TYPES).map(([t, s]) => (
              <option key={t} value={t}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field-block">
          <span>Name</span>
          <input
            className="input"
            required
            maxLength={200}
            value={form.name}
            onChange={(e) => set({ ...form, name: e.target.value })}
            placeholder="#oncall"
          />
        </label>
      </div>
      {spec.fields.map((f) => (
        <label key={f.key} className="field-block">
          <span>
            {f.label}
            {f.optional ? ' (optional)' : ''}
          </span>
          <input
            className="input mono"
            required={!f.optional && !form.id}
            value={form.options[f.key] ?? ''}
            onChange={(e) => set({ ...form, options: { ...form.options, [f.key]: e.target.value } })}
            placeholder={form.id && f.secret ? '<redacted>: unchanged' : f.placeholder}
          />
        </label>
      ))}
      <label className="row small">
        <input type="checkbox" checked={form.notifyBuiltIn} onChange={(e) => set({ ...form, notifyBuiltIn: e.target.checked })} /> Also
        notify incidents opened by built-in detection (no alert configured)
      </label>
      {error ? <ErrorState error={error} height={50} /> : null}
      <div className="row">
        <button type="submit" className="btn primary" disabled={pending}>
          {pending ? 'Saving…' : form.id ? 'Save' : 'Add channel'}
        </button>
        <button type="button" className="btn" onClick={() => set(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
