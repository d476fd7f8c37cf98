/**
 * Alert scenarios on real traced services (frontend -> orders -> inventory -> PostgreSQL) with the real agent and
 * collector: a steady minute raises no incident; then a downstream service made slow and then failing, PostgreSQL
 * stopped, a CPU hog on the host and a bad deploy each open exactly one incident whose root cause is the faulty
 * component, notify Slack, the webhook, PagerDuty and e-mail once, and resolve after recovery.
 *
 * About six minutes on a quiet machine; runs when ARGUS_ALERT_SCENARIOS=1 (not yet verified end to end: the session
 * that wrote it had a load average of 50-67 and could not even start the world within seven minutes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../servers/index.js';
import { startHttpReceiver, type HttpReceiver } from './support/http-receiver.js';
import { startPagerDutyReceiver } from './support/pagerduty-receiver.js';
import { startSlackReceiver, type SlackReceiver } from './support/slack-receiver.js';
import { startSmtpReceiver } from './support/smtp-receiver.js';
import { startLoad, startService, startWorld, type World } from './support/world.js';

let world: World;
let slack: SlackReceiver;
let hook: HttpReceiver;
let pd: HttpReceiver;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let load: ReturnType<typeof startLoad>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${world.collector.apiUrl}/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, any>;
}
async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}
const incidentsSince = async (t: number) => (await api('GET', `/events?type=incident&from=${t}`)).events as Array<Record<string, any>>;

const run = process.env.ARGUS_ALERT_SCENARIOS === '1';

beforeAll(async () => {
  if (!run) return;
  [slack, hook, pd, smtp] = await Promise.all([
    startSlackReceiver(),
    startHttpReceiver(() => ({ status: 204 })),
    startPagerDutyReceiver(),
    startSmtpReceiver(),
  ]);
  world = await startWorld({ ARGUS_SMTP_URL: smtp.url, ARGUS_SMTP_FROM: 'argus@example.com' });
  const channels = await Promise.all([
    api('POST', '/alert-channels', { type: 'slack', name: 'slack', url: `${slack.url}/services/T/B/X` }),
    api('POST', '/alert-channels', { type: 'webhook', name: 'hook', url: `${hook.url}/hook` }),
    api('POST', '/alert-channels', {
      type: 'pagerduty',
      name: 'pd',
      routingKey: 'R0123456789abcdef0123456789abcde',
      url: `${pd.url}/v2/enqueue`,
    }),
    api('POST', '/alert-channels', { type: 'email', name: 'mail', to: ['oncall@example.com'] }),
  ]);
  const ids = channels.map((c) => c.id as string);
  const common = { gracePeriodSeconds: 10, channels: ids };
  await api('POST', '/alerts', {
    name: 'frontend erroneous',
    blueprint: 'service-erroneous',
    service: 'frontend',
    threshold: 0.2,
    ...common,
  });
  await api('POST', '/alerts', {
    name: 'frontend slow',
    blueprint: 'service-slow',
    service: 'frontend',
    percentile: 'p50',
    threshold: 150,
    ...common,
  });
  load = startLoad(() => world.services.frontend.url, 10);
}, 420_000);
afterAll(async () => {
  load?.stop();
  await world?.stop();
  await Promise.all([slack?.stop(), hook?.stop(), pd?.stop(), smtp?.stop()]);
}, 180_000);

/** Injects a fault, waits for its incident, recovers, waits for the resolve; checks one incident, its root cause and the notifications. */
async function scenario(inject: () => Promise<void>, recover: () => Promise<void>, rootCause: RegExp) {
  const t0 = Date.now();
  await inject();
  const opened = await waitFor('an incident', async () => (await incidentsSince(t0 - 2000))[0], 60_000);
  await sleep(8000);
  await recover();
  const done = await waitFor(
    'the incident resolved',
    async () => {
      const i = await api('GET', `/incidents/${opened.id as string}`);
      return i.state === 'resolved' ? i : undefined;
    },
    120_000,
  );
  await sleep(3000); // the resolve notifications
  expect(await incidentsSince(t0 - 2000)).toHaveLength(1);
  const rc = done.details.rootCause as { nodeId: string; name: string; explanation: string };
  expect(`${rc.nodeId} ${rc.name}`, rc.explanation).toMatch(rootCause);
  expect(rc.explanation.length).toBeGreaterThan(40);
  const mine = (bodies: string[]) => bodies.filter((b) => b.includes(opened.id as string));
  const slackMsgs = mine(slack.accepted.map((a) => a.body));
  expect(slackMsgs).toHaveLength(2);
  expect(slackMsgs[0]).toMatch(/Root cause/);
  expect(slackMsgs[1]).toMatch(/Resolved/);
  expect(mine(hook.accepted.map((a) => a.body))).toHaveLength(2);
  const pdMsgs = mine(pd.accepted.map((a) => a.body)).map((b) => JSON.parse(b) as { event_action: string; dedup_key: string });
  expect(pdMsgs.map((m) => m.event_action)).toEqual(['trigger', 'resolve']);
  expect(mine(smtp.mails.map((m) => m.raw))).toHaveLength(2);
  expect(slack.invalid).toEqual([]);
  return done;
}

describe.skipIf(!run)('alert scenarios', { timeout: 300_000 }, () => {
  it('a steady minute raises no incident', async () => {
    const t0 = Date.now();
    await sleep(75_000);
    expect(load.stats.ok).toBeGreaterThan(400);
    expect(await incidentsSince(t0 - 120_000)).toEqual([]);
  });

  it('a downstream service slow, then failing: one incident, root cause inventory', async () => {
    const fault = (f: object) =>
      fetch(`${world.services.inventory.url}/fault`, { method: 'POST', body: JSON.stringify(f) }).then(() => undefined);
    await scenario(
      async () => {
        await fault({ delayMs: 400 });
        setTimeout(() => void fault({ delayMs: 0, errorRate: 1 }), 12_000);
        await sleep(1000);
      },
      async () => {
        await sleep(6000);
        await fault({ delayMs: 0, errorRate: 0 });
      },
      /inventory/,
    );
  });

  it('PostgreSQL stopped: one incident, root cause the database', async () => {
    await scenario(
      () => world.postgres.stop(),
      async () => {
        world.postgres = await startPostgres({ port: world.pgPort });
      },
      /postgres/,
    );
  });

  it('a CPU hog on the host: one incident, root cause the host', async () => {
    let hogs: ChildProcess[] = [];
    await scenario(
      () => {
        hogs = Array.from({ length: 6 }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
        return Promise.resolve();
      },
      async () => {
        await sleep(4000);
        for (const h of hogs) h.kill('SIGKILL');
      },
      /^host:/,
    );
  });

  it('a bad deploy (new version with errors): one incident, root cause orders with the deployment', async () => {
    const down = world.services.inventory.url;
    const PORT = new URL(world.services.orders.url).port;
    const done = await scenario(
      async () => {
        await world.services.orders.stop();
        world.services.orders = await startService('orders', 'v2', { DOWNSTREAM: down, ERROR_RATE: '0.6', PORT }, world.agentPort);
      },
      async () => {
        await world.services.orders.stop();
        world.services.orders = await startService('orders', 'v1', { DOWNSTREAM: down, PORT }, world.agentPort);
      },
      /orders/,
    );
    expect((done.details.rootCause as { explanation: string }).explanation).toMatch(/Deployment of orders 2\.0\.0/);
  });
});
