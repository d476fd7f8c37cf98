import { describe, expect, it } from 'vitest';
import { pagerduty, type PagerDutyOptions } from '../../../collector/src/alerts/channels/pagerduty/index.js';
import { describeChannelConformance } from '../support/channel-conformance.js';
import { closedPortUrl } from '../support/http-receiver.js';
import { sampleNotification } from '../support/notifications.js';
import { startPagerDutyReceiver } from '../support/pagerduty-receiver.js';

const KEY = 'R0123456789abcdef0123456789abcde';

describeChannelConformance<PagerDutyOptions>(pagerduty, async () => {
  const r = await startPagerDutyReceiver();
  return {
    options: { routingKey: KEY, url: `${r.url}/v2/enqueue` },
    unreachable: { routingKey: KEY, url: `${await closedPortUrl()}/v2/enqueue` },
    accepted: () => r.accepted.length,
    failNext: (kind) => r.failNext({ status: kind === 'temporary' ? 429 : 400 }),
    stop: () => r.stop(),
  };
});

describe('pagerduty channel', () => {
  it('pairs trigger and resolve on one stable dedup_key', async () => {
    const r = await startPagerDutyReceiver();
    const o = { routingKey: KEY, url: `${r.url}/v2/enqueue` };
    const ctx = { signal: AbortSignal.timeout(5000) };
    expect(await pagerduty.send(sampleNotification('open'), o, ctx)).toMatchObject({ status: 'success' });
    expect(await pagerduty.send(sampleNotification('resolve'), o, ctx)).toMatchObject({ status: 'success' });
    const [trigger, resolve] = r.accepted.map((a) => a.json as { event_action: string; dedup_key: string; payload?: { severity: string } });
    expect(trigger.event_action).toBe('trigger');
    expect(trigger.payload?.severity).toBe('critical');
    expect(resolve.event_action).toBe('resolve');
    expect(resolve.dedup_key).toBe(trigger.dedup_key);
    await r.stop();
  });
});
