import { describe, expect, it } from 'vitest';
import { closedPortUrl } from '../support/http-receiver.js';
import { email, type EmailOptions } from '../../../collector/src/alerts/channels/email/index.js';
import { describeChannelConformance } from '../support/channel-conformance.js';
import { sampleNotification } from '../support/notifications.js';
import { startSmtpReceiver } from '../support/smtp-receiver.js';

describeChannelConformance<EmailOptions>(email, async () => {
  const r = await startSmtpReceiver();
  return {
    options: { to: ['oncall@example.com'] },
    unreachable: { to: ['oncall@example.com'] },
    accepted: () => r.mails.length,
    failNext: (kind) => r.failNext(kind === 'temporary' ? 451 : 550),
    context: { smtp: { url: r.url, from: 'argus@example.com' } },
    unreachableContext: { smtp: { url: (await closedPortUrl()).replace('http:', 'smtp:'), from: 'argus@example.com' } },
    stop: () => r.stop(),
  };
});

describe('email channel', () => {
  it('sends HTML and text through SMTP', async () => {
    const r = await startSmtpReceiver();
    const res = await email.send(
      sampleNotification('open'),
      { to: ['a@example.com', 'b@example.com'] },
      {
        signal: AbortSignal.timeout(10_000),
        smtp: { url: r.url, from: 'argus@example.com' },
      },
    );
    expect(res).toMatchObject({ status: 'success' });
    const [m] = r.mails;
    expect(m.to).toEqual(['a@example.com', 'b@example.com']);
    expect(m.raw).toMatch(/Subject: \[Argus\] Critical: checkout: erroneous calls/);
    expect(m.raw).toMatch(/Content-Type: text\/plain/);
    expect(m.raw).toMatch(/Content-Type: text\/html/);
    expect(m.raw).toContain('Root cause: inventory');
    await r.stop();
  });

  it('fails clearly without SMTP settings', async () => {
    expect(await email.send(sampleNotification('open'), { to: ['a@example.com'] }, { signal: AbortSignal.timeout(1000) })).toMatchObject({
      status: 'failure',
    });
  });
});
