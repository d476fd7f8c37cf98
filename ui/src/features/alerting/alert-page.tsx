import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorState } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { blueprintsQuery, channelsQuery } from './alert-queries';
import type { AlertRule, ThresholdSuggestion } from './alert-types';
import { AlertPreview } from './alert-preview';
import { ChannelsField, EMPTY_TIMING, numOrUndefined, TargetFields, TimingFields, timingBody } from './alert-fields';
import { BLUEPRINT_SPECS, draftScope, THRESHOLD_UNIT, type BlueprintDraft } from './blueprint-spec';
import { describeScope } from './describe';
import './alerting.css';

export const NewRoute = createLazyRoute('/alerts/new')({ component: NewAlert });

const EMPTY_DRAFT: BlueprintDraft = {
  service: '',
  endpoint: '',
  website: '',
  entityId: '',
  entityType: '',
  metric: '',
  attributes: '',
  percentile: 'p90',
  lcp: false,
};

/** A new alert from a blueprint: what to watch, the threshold (static or adaptive), timing, channels; previewed live. */
function NewAlert() {
  const navigate = useNavigate();
  const time = useTimeSearch();
  const client = useQueryClient();
  const blueprints = useQuery(blueprintsQuery());
  const channels = useQuery(channelsQuery());
  const [blueprint, setBlueprint] = useState('service-slow');
  const [name, setName] = useState('');
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [adaptive, setAdaptive] = useState(false);
  const [warning, setWarning] = useState('');
  const [critical, setCritical] = useState('');
  const [timing, setTiming] = useState(EMPTY_TIMING);
  const [chosen, setChosen] = useState<string[]>([]);
  const [suggestion, setSuggestion] = useState<string | null>(null);
  const spec = BLUEPRINT_SPECS[blueprint] as (typeof BLUEPRINT_SPECS)[string] | undefined;
  const bp = blueprints.data?.blueprints.find((b) => b.name === blueprint);
  const signal = spec ? spec.signal(draft) : null;
  const scope = draftScope(blueprint, draft);

  const body = () => ({
    name: name.trim() || `${blueprint} ${scope ? describeScope(scope) : ''}`.trim(),
    blueprint,
    service: draft.service || undefined,
    endpoint: draft.endpoint || undefined,
    website: draft.website || undefined,
    entityId: draft.entityId || undefined,
    entityType: draft.entityType || undefined,
    metric: draft.metric || undefined,
    attributes: spec?.target === 'metric' ? (signal?.attributes ?? undefined) : undefined,
    percentile: signal?.name === 'latency' ? draft.percentile : undefined,
    signal: spec?.target === 'website' && draft.lcp ? 'lcp' : undefined,
    adaptive: adaptive || undefined,
    threshold: adaptive ? undefined : numOrUndefined(critical),
    warning: adaptive ? undefined : numOrUndefined(warning),
    channels: chosen,
    ...timingBody(timing),
  });
  const save = useMutation({
    mutationFn: () => api.post<AlertRule>('/alerts', body()),
    onSuccess: (a) => {
      void client.invalidateQueries({ queryKey: ['alerts'] });
      void navigate({ to: '/alerts/$id', params: { id: a.id }, search: time as never });
    },
  });
  const suggest = useMutation({
    mutationFn: () =>
      api.post<ThresholdSuggestion>('/alerts/detect-threshold', {
        ...body(),
        days: 7,
      }),
    onSuccess: (r) => {
      setSuggestion(r.note);
      if (r.suggestion) {
        setWarning(String(Number(r.suggestion.warning.toPrecision(3))));
        setCritical(String(Number(r.suggestion.critical.toPrecision(3))));
        setAdaptive(false);
      }
    },
  });
  const canSuggest = spec?.target === 'service' || spec?.target === 'endpoint';

  return (
    <div className="page alert-page">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/alerts" search={time as never}>
          Alerts
        </Link>
        <span aria-hidden="true">/</span>
      </nav>
      <div className="page-head">
        <h1>New alert</h1>
      </div>
      <div className="alert-layout">
        <form
          className="panel alert-form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label className="field-block">
            <span>Blueprint</span>
            <select className="select" value={blueprint} onChange={(e) => setBlueprint(e.target.value)}>
              {(blueprints.data?.blueprints ?? [{ name: blueprint, description: '', condition: 'above', defaultThreshold: null }]).map(
                (b) => (
                  <option key={b.name} value={b.name}>
                    {b.name}
                  </option>
                ),
              )}
            </select>
            {bp && <span className="muted small">{bp.description}</span>}
          </label>
          {spec && <TargetFields target={spec.target} draft={draft} set={(p) => setDraft({ ...draft, ...p })} />}
          {signal?.name === 'latency' && (
            <label className="field-block">
              <span>Percentile</span>
              <select
                className="select"
                value={draft.percentile}
                onChange={(e) => setDraft({ ...draft, percentile: e.target.value as BlueprintDraft['percentile'] })}
              >
                {(['p50', 'p90', 'p99', 'mean'] as const).map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
          )}
          {spec?.target === 'website' && blueprint === 'website-slow' && (
            <label className="row small">
              <input type="checkbox" checked={draft.lcp} onChange={(e) => setDraft({ ...draft, lcp: e.target.checked })} /> Watch LCP p75
              instead of the page load time
            </label>
          )}
          {signal?.name !== 'offline' && (
            <fieldset className="threshold">
              <legend>Threshold ({bp?.condition ?? 'above'})</legend>
              <div className="seg" role="group" aria-label="Threshold kind">
                <button type="button" aria-pressed={!adaptive} onClick={() => setAdaptive(false)}>
                  Static
                </button>
                <button type="button" aria-pressed={adaptive} onClick={() => setAdaptive(true)}>
                  Adaptive
                </button>
              </div>
              {adaptive ? (
                <p className="muted small">
                  Learns the signal&apos;s normal band (seasonal median ± 3 robust deviations, plus a sudden-change watch) and alerts
                  outside it.
                </p>
              ) : (
                <div className="field-row">
                  <label className="field-block">
                    <span>Warning</span>
                    <input className="input" inputMode="decimal" value={warning} onChange={(e) => setWarning(e.target.value)} />
                  </label>
                  <label className="field-block">
                    <span>Critical</span>
                    <input
                      className="input"
                      inputMode="decimal"
                      value={critical}
                      onChange={(e) => setCritical(e.target.value)}
                      placeholder={bp?.defaultThreshold != null ? String(bp.defaultThreshold) : ''}
                    />
                  </label>
                </div>
              )}
              {signal && <span className="muted small">in {THRESHOLD_UNIT[signal.name]}</span>}
              {canSuggest && (
                <div className="row">
                  <button type="button" className="btn small" onClick={() => suggest.mutate()} disabled={!scope || suggest.isPending}>
                    {suggest.isPending ? 'Looking at 7 days…' : 'Suggest from the last 7 days'}
                  </button>
                  {suggestion && <span className="muted small">{suggestion}</span>}
                </div>
              )}
              {suggest.error && <ErrorState error={suggest.error} height={40} />}
            </fieldset>
          )}
          <details>
            <summary>Timing</summary>
            <TimingFields timing={timing} set={(p) => setTiming({ ...timing, ...p })} />
          </details>
          <ChannelsField channels={channels.data?.channels ?? []} value={chosen} set={setChosen} />
          <label className="field-block">
            <span>Name</span>
            <input
              className="input"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
              placeholder={scope ? `${blueprint} ${describeScope(scope)}` : 'Checkout is slow'}
            />
          </label>
          {save.error && <ErrorState error={save.error} height={50} />}
          <div className="row">
            <button type="submit" className="btn primary" disabled={!scope || save.isPending}>
              {save.isPending ? 'Creating…' : 'Create alert'}
            </button>
            <Link className="btn" to="/alerts" search={time as never}>
              Cancel
            </Link>
          </div>
        </form>
        <AlertPreview
          scope={scope}
          signal={signal}
          condition={bp?.condition ?? 'above'}
          threshold={
            adaptive
              ? {}
              : {
                  warning: numOrUndefined(warning),
                  critical: numOrUndefined(critical) ?? (warning ? undefined : (bp?.defaultThreshold ?? undefined)),
                }
          }
        />
      </div>
    </div>
  );
}
