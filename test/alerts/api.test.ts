/**
 * The alerting API against the real collector: channels (CRUD, redaction, test send to a Slack-compatible
 * receiver), alerts from blueprints and the full form (validation, enable/disable), YAML export and import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { startSlackReceiver, type SlackReceiver } from './support/slack-receiver.js';

let collector: TestCollector;
let slack: SlackReceiver;

async function api(method: string, path: string, body?: unknown, raw?: string) {
  const res = await fetch(`${collector.apiUrl}/api/v1${path}`, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : raw !== undefined ? { 'content-type': 'application/yaml' } : {},
    body: body !== undefined ? JSON.stringify(body) : raw,
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* YAML answers */
  }
  return { status: res.status, body: json as Record<string, any>, text };
}

beforeAll(async () => {
  slack = await startSlackReceiver();
  collector = await startTestCollector();
});
afterAll(async () => {
  await collector?.destroy();
  await slack?.stop();
});

describe('alert channels', () => {
  it('creates, reads (secrets redacted), updates, tests and deletes a channel', async () => {
    const created = await api('POST', '/alert-channels', { type: 'slack', name: 'ops', url: `${slack.url}/services/T/B/X` });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^ch_/);
    const got = await api('GET', `/alert-channels/${id}`);
    expect(got.body).toMatchObject({ id, type: 'slack', name: 'ops', options: { url: '<redacted>' } });
    const test = await api('POST', `/alert-channels/${id}/test`);
    expect(test.status).toBe(200);
    expect(test.body.result).toMatchObject({ status: 'success' });
    expect(slack.accepted).toHaveLength(1);
    expect(slack.invalid).toEqual([]);
    // a redacted secret in an update keeps the stored one
    expect((await api('PUT', `/alert-channels/${id}`, { type: 'slack', name: 'ops-renamed', url: '<redacted>' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await api('POST', `/alert-channels/${id}/test`)).body.result).toMatchObject({ status: 'success' });
    expect((await api('DELETE', `/alert-channels/${id}`)).status).toBe(200);
    expect((await api('GET', `/alert-channels/${id}`)).status).toBe(404);
  });

  it('rejects unknown types and bad options with clear errors', async () => {
    const bad = await api('POST', '/alert-channels', { type: 'fax', name: 'x' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'ALERT_CHANNEL_UNKNOWN_TYPE' } });
    expect(bad.body.message).toMatch(/slack, webhook, pagerduty, email/);
    const opts = await api('POST', '/alert-channels', { type: 'pagerduty', name: 'pd', routingKey: 'short' });
    expect(opts).toMatchObject({ status: 400, body: { code: 'ALERT_CHANNEL_INVALID' } });
    const webhook = await api('POST', '/alert-channels', { type: 'webhook', name: 'hook', url: 'https://example.com/hook' });
    expect(webhook.status).toBe(201);
    expect(webhook.body.options.secret).toMatch(/^whsec_/);
    expect((await api('GET', `/alert-channels/${webhook.body.id}`)).body.options.secret).toBe('<redacted>');
  });
});

describe('alerts', () => {
  it('creates from a blueprint and the full form, enables/disables, validates', async () => {
    const ch = await api('POST', '/alert-channels', { type: 'slack', name: 'alerts', url: `${slack.url}/a` });
    const a = await api('POST', '/alerts', {
      name: 'checkout errors',
      blueprint: 'service-erroneous',
      service: 'checkout',
      threshold: 0.1,
      channels: [ch.body.id],
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      name: 'checkout errors',
      scope: { kind: 'service', service: 'checkout' },
      signal: { name: 'errorRate' },
      threshold: { type: 'static', critical: 0.1 },
      timeRule: { violations: 3, of: 5 },
      enabled: true,
    });
    const full = await api('POST', '/alerts', {
      name: 'checkout p99',
      scope: { kind: 'endpoint', service: 'checkout', endpoint: 'POST /checkout' },
      signal: { name: 'latency', percentile: 'p99' },
      threshold: { type: 'static', warning: 500, critical: 1000 },
      timeRule: { violations: 10, of: 30 },
      minTraffic: 20,
      gracePeriodSeconds: 60,
      renotifySeconds: 3600,
      channels: [ch.body.id],
    });
    expect(full.status).toBe(201);
    const adaptive = await api('POST', '/alerts', {
      name: 'checkout drop',
      blueprint: 'service-throughput-drop',
      service: 'checkout',
      channels: [],
    });
    expect(adaptive.body.threshold).toMatchObject({ type: 'adaptive', seasonality: 'auto', sudden: true });
    expect((await api('POST', `/alerts/${a.body.id}/disable`)).body.enabled).toBe(false);
    expect((await api('GET', `/alerts/${a.body.id}`)).body).toMatchObject({ enabled: false, status: { evaluated: true } });
    expect((await api('POST', `/alerts/${a.body.id}/enable`)).body.enabled).toBe(true);
    expect((await api('POST', '/alerts', { name: 'x', blueprint: 'service-slow', channels: [] })).body).toMatchObject({
      code: 'ALERT_INVALID',
    });
    expect((await api('POST', '/alerts', { name: 'x', blueprint: 'nope' })).body.code).toBe('ALERT_UNKNOWN_BLUEPRINT');
    expect(
      (await api('POST', '/alerts', { name: 'x', blueprint: 'service-erroneous', service: 's', channels: ['ch_missing'] })).status,
    ).toBe(400);
    const bp = await api('GET', '/alerts/blueprints');
    expect(bp.body.blueprints.map((b: { name: string }) => b.name)).toEqual(
      expect.arrayContaining([
        'service-erroneous',
        'service-slow',
        'service-throughput-drop',
        'endpoint-slow',
        'website-slow',
        'website-js-errors',
        'host-cpu',
        'host-memory',
        'host-disk-full',
        'entity-offline',
        'metric',
      ]),
    );
    expect((await api('DELETE', `/alert-channels/${ch.body.id}`)).status).toBe(409);
  });

  it('exports everything as YAML and imports it back (merge and replace)', async () => {
    const yaml = await api('GET', '/alerts/export');
    expect(yaml.status).toBe(200);
    expect(yaml.text).toMatch(/apiVersion: argus\/v1/);
    expect(yaml.text).toMatch(/name: checkout errors/);
    expect(yaml.text).toMatch(/url: <redacted>/);
    expect(yaml.text).toMatch(/- alerts\n/); // channels by name
    const edited = yaml.text.replace('name: checkout errors', 'name: checkout errors v2');
    const merged = await api('POST', '/alerts/import', undefined, edited);
    expect(merged.status).toBe(200);
    expect(merged.body.alerts.created).toEqual(['checkout errors v2']);
    const names = () => api('GET', '/alerts').then((r) => r.body.alerts.map((x: { name: string }) => x.name).sort());
    expect(await names()).toContain('checkout errors');
    const replaced = await api('POST', '/alerts/import?mode=replace', undefined, edited);
    expect(replaced.body.alerts.deleted).toEqual(['checkout errors']);
    expect(await names()).not.toContain('checkout errors');
    const broken = await api(
      'POST',
      '/alerts/import',
      undefined,
      'apiVersion: argus/v1\nalerts:\n  - name: bad\n    blueprint: service-slow\n',
    );
    expect(broken).toMatchObject({ status: 400, body: { code: 'ALERT_IMPORT_INVALID' } });
    expect((await api('POST', '/alerts/import', undefined, '{{{')).status).toBe(400);
    // aliases nested 9 deep expand to 10^9 values: refused with a message, not walked (issue 20)
    const laughs = ['apiVersion: argus/v1', 'x0: &x0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `x${i}: &x${i} [${Array(10)
          .fill(`*x${i - 1}`)
          .join(', ')}]`,
      );
    const bomb = await api('POST', '/alerts/import', undefined, `${laughs.join('\n')}\n`);
    expect(bomb).toMatchObject({ status: 400, body: { code: 'ALERT_IMPORT_INVALID' } });
    expect(bomb.body.message).toMatch(/values with its aliases expanded/);
  });
});

describe('events', () => {
  it('lists events with filters and validates them', async () => {
    expect((await api('GET', '/events?type=incident')).body).toMatchObject({ events: [] });
    expect((await api('GET', '/events?type=nope')).status).toBe(400);
    expect((await api('GET', '/incidents/inc_missing')).status).toBe(404);
    expect((await api('GET', '/alert-notifications')).body).toMatchObject({ notifications: [] });
  });
});
