import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { webhook, type WebhookOptions } from '../../../collector/src/alerts/channels/webhook/index.js';
import { describeChannelConformance } from '../support/channel-conformance.js';
import { closedPortUrl, startHttpReceiver } from '../support/http-receiver.js';
import { sampleNotification } from '../support/notifications.js';

const SECRET = 'whsec_' + Buffer.from('argus-test-secret-32-bytes-long!').toString('base64');

/** A receiver that verifies every request with the standardwebhooks library, as a real consumer would. */
async function startVerifyingReceiver(secret: string) {
  const wh = new Webhook(secret);
  const bad: string[] = [];
  const r = await startHttpReceiver((req) => {
    try {
      wh.verify(req.body, req.headers as Record<string, string>);
      return { status: 204 };
    } catch (err) {
      bad.push((err as Error).message);
      return { status: 401, body: 'bad signature' };
    }
  });
  return { ...r, bad };
}

describeChannelConformance<WebhookOptions>(webhook, async () => {
  const r = await startVerifyingReceiver(SECRET);
  return {
    options: { url: `${r.url}/hook`, secret: SECRET, headers: { 'x-team': 'ops' } },
    unreachable: { url: `${await closedPortUrl()}/hook`, secret: SECRET },
    accepted: () => r.accepted.length,
    failNext: (kind) => r.failNext({ status: kind === 'temporary' ? 503 : 410 }),
    async stop() {
      expect(r.bad).toEqual([]);
      await r.stop();
    },
  };
});

describe('webhook channel', () => {
  it('signs per Standard Webhooks with the notification id as webhook-id and the documented body', async () => {
    const r = await startVerifyingReceiver(SECRET);
    const n = sampleNotification('open');
    expect(
      await webhook.send(n, { url: r.url, secret: SECRET, headers: { 'x-team': 'ops' } }, { signal: AbortSignal.timeout(5000) }),
    ).toMatchObject({
      status: 'success',
    });
    const got = r.accepted[0];
    expect(got.headers['webhook-id']).toBe(n.id);
    expect(got.headers['x-team']).toBe('ops');
    const body = new Webhook(SECRET).verify(got.body, got.headers as Record<string, string>) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: n.event.id,
      type: 'incident',
      state: 'open',
      severity: 'critical',
      entity: { id: 'service:checkout', type: 'service' },
      fqdn: 'web-1',
      zone: 'eu-1',
      link: n.event.link,
      notification: { id: n.id, kind: 'open' },
      exampleTraces: [
        expect.objectContaining({ traceId: '0af7651916cd43dd8448eb211c80319c', error: true }),
        expect.objectContaining({ error: false }),
      ],
    });
    expect(typeof body.start).toBe('string');
    // a tampered body fails verification
    expect(() => new Webhook(SECRET).verify(got.body.replace('critical', 'warning'), got.headers as Record<string, string>)).toThrow();
    await r.stop();
  });

  it('makes a signing secret when none is given', () => {
    const o = webhook.prepare!({ url: 'https://example.com/hook' });
    expect(webhook.optionsSchema.safeParse(o).success).toBe(true);
    expect(o.secret).toMatch(/^whsec_/);
  });
});
