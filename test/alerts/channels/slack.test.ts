import { describe, expect, it } from 'vitest';
import { slackMessage, SLACK_LIMITS } from '../../../collector/src/alerts/channels/slack/blocks.js';
import { slack } from '../../../collector/src/alerts/channels/slack/index.js';
import { describeChannelConformance } from '../support/channel-conformance.js';
import { closedPortUrl } from '../support/http-receiver.js';
import { sampleNotification } from '../support/notifications.js';
import { startSlackReceiver, validateSlackMessage } from '../support/slack-receiver.js';

describeChannelConformance(slack, async () => {
  const r = await startSlackReceiver();
  return {
    options: { url: `${r.url}/services/T000/B000/XXXX` },
    unreachable: { url: `${await closedPortUrl()}/services/x` },
    accepted: () => r.accepted.length,
    failNext: (kind) =>
      r.failNext(
        kind === 'temporary' ? { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' } : { status: 404, body: 'no_service' },
      ),
    async stop() {
      expect(r.invalid).toEqual([]);
      await r.stop();
    },
  };
});

describe('slack message', () => {
  it('has header, fields, root cause and button within the limits', () => {
    const m = slackMessage(sampleNotification('open'));
    expect(validateSlackMessage(m)).toEqual([]);
    expect(m.blocks[0]).toMatchObject({ type: 'header' });
    expect(JSON.stringify(m.blocks)).toContain('Root cause');
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(true);
    const long = slackMessage(sampleNotification('open', { long: true }));
    expect(validateSlackMessage(long)).toEqual([]);
    expect((long.blocks[0] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
  });

  it('says resolved on resolve and answers retryable with the receiver Retry-After', async () => {
    const m = slackMessage(sampleNotification('resolve'));
    expect((m.blocks[0] as { text: { text: string } }).text.text).toMatch(/Resolved/);
    const r = await startSlackReceiver();
    r.failNext({ status: 429, headers: { 'retry-after': '3' } });
    const res = await slack.send(sampleNotification('open'), { url: r.url }, { signal: AbortSignal.timeout(5000) });
    expect(res).toMatchObject({ status: 'retryable', retryAfterMs: 3000 });
    await r.stop();
  });
});
