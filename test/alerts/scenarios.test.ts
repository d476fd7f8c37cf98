/**
 * Alert scenarios on real traced services (frontend -> orders -> inventory -> PostgreSQL) with the real agent and
 * collector, in one world start: a steady period raises no incident; then a downstream service made slow and then
 * failing, PostgreSQL stopped, a CPU hog on the host and a bad deploy each open exactly one incident whose root cause is the faulty
 * component (with example traces), notify Slack, the webhook, PagerDuty and e-mail once, and resolve after recovery.
 *
 * The latency rule's threshold is set from the latency measured during the steady period (the shared test machine
 * may be busy; a fixed 150 ms would measure the machine). The CPU hog (support/cpu-hog.ts) runs busy loops above the
 * services' priority with this process (collector and agent) above the hog, as a collector on another machine would
 * be; it needs the right to raise priority (root, as in CI) and is skipped, saying so, without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../servers/index.js';
import { canRaisePriority, startCpuHog, type CpuHog } from './support/cpu-hog.js';
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
let channelIds: string[] = [];
/** the frontend's median latency threshold (set from the steady period) and the delay injected to cross it */
let slowMs = 0;
/** more for a failure's message in the scenario that runs now */
let extra: () => Record<string, unknown> = () => ({});
const GRACE_S = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${world.collector.apiUrl}/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, any>;
}
/**
 * Since `from`, in 5-s steps (seconds after `from`): the frontend's calls and median as stored, the host's CPU busy
 * share as the agent reported it. A stall of the monitoring itself shows as steps with no CPU points.
 */
async function timeline(from: number): Promise<string[]> {
  const to = Date.now();
  const kpi = (await api('GET', `/kpis?service=frontend&from=${from}&to=${to}&resolution=1s`)).points as Array<Record<string, any>>;
  const hostId = ((await api('GET', '/infrastructure/entities?type=host')).entities as Array<{ id: string }>)[0]?.id;
  const cpu = hostId
    ? ((
        await api(
          'GET',
          `/metrics?entity=${encodeURIComponent(hostId)}&metric=system.cpu.utilization&attr.state=busy&from=${from}&to=${to}&maxPoints=10000`,
        )
      ).series?.[0]?.points ?? [])
    : [];
  const steps: string[] = [];
  for (let t = from; t < to; t += 5000) {
    const k = (kpi ?? []).filter((p) => p.t >= t && p.t < t + 5000 && p.calls > 0);
    const c = (cpu as Array<{ t: number; v: number }>).filter((p) => p.t >= t && p.t < t + 5000);
    const p50 = k.map((p) => Number(p.p50Ms)).sort((a, b) => a - b)[Math.floor(k.length / 2)];
    steps.push(
      `+${(t - from) / 1000}s calls ${k.reduce((n, p) => n + Number(p.calls), 0)} p50 ${p50 === undefined ? '-' : Math.round(p50)} ` +
        `cpu ${c.length ? Math.round((100 * c.reduce((n, p) => n + p.v, 0)) / c.length) : '-'}% (${c.length} pts)`,
    );
  }
  return steps;
}
/** what the evaluator sees now (every alert's evaluated series), the issues and incidents since `from` and the timeline: a timeout says why */
async function diagnose(from: number): Promise<string> {
  const alerts = ((await api('GET', '/alerts')).alerts ?? []) as Array<Record<string, any>>;
  const events = ((await api('GET', `/events?from=${from}`)).events ?? []) as Array<Record<string, any>>;
  const at = (ms: unknown) => (typeof ms === 'number' ? `+${Math.round((ms - from) / 1000)}s` : null);
  return JSON.stringify({
    load: load.stats,
    series: alerts.map((a) => ({ name: a.name, series: a.status?.series })),
    events: events.map((e) => ({
      type: e.type,
      kind: e.kind,
      state: e.state,
      start: at(e.startMs),
      end: at(e.endMs),
      title: e.title,
      text: e.text,
      incident: e.incidentId,
    })),
    timeline: await timeline(from).catch(String),
    ...extra(),
  });
}
async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, since = Date.now()): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${await diagnose(since - 5000).catch(String)}`);
    await sleep(500);
  }
}
const incidentsSince = async (t: number) => (await api('GET', `/events?type=incident&from=${t}`)).events as Array<Record<string, any>>;

beforeAll(async () => {
  [slack, hook, pd, smtp] = await Promise.all([
    startSlackReceiver(),
    startHttpReceiver(() => ({ status: 204 })),
    startPagerDutyReceiver(),
    startSmtpReceiver(),
  ]);
  world = await startWorld({ ARGUS_SMTP_URL: smtp.url, ARGUS_SMTP_FROM: 'argus@example.com' });
  // on-call wants every incident, also those built-in detection opens with no rule (a sudden drop in calls)
  const all = { notifyBuiltIn: true };
  const channels = await Promise.all([
    api('POST', '/alert-channels', { ...all, type: 'slack', name: 'slack', url: `${slack.url}/services/T/B/X` }),
    api('POST', '/alert-channels', { ...all, type: 'webhook', name: 'hook', url: `${hook.url}/hook` }),
    api('POST', '/alert-channels', {
      ...all,
      type: 'pagerduty',
      name: 'pd',
      routingKey: 'R0123456789abcdef0123456789abcde',
      url: `${pd.url}/v2/enqueue`,
    }),
    api('POST', '/alert-channels', { ...all, type: 'email', name: 'mail', to: ['oncall@example.com'] }),
  ]);
  channelIds = channels.map((c) => c.id as string);
  await api('POST', '/alerts', {
    name: 'frontend erroneous',
    blueprint: 'service-erroneous',
    service: 'frontend',
    threshold: 0.2,
    gracePeriodSeconds: GRACE_S,
    channels: channelIds,
  });
  load = startLoad(() => world.services.frontend.url, 10);
}, 300_000);
afterAll(async () => {
  load?.stop();
  await world?.stop();
  await Promise.all([slack?.stop(), hook?.stop(), pd?.stop(), smtp?.stop()]);
}, 180_000);

/** Injects a fault, waits for its incident, recovers, waits for the resolve; checks one incident, its root cause and the notifications. */
async function scenario(inject: () => Promise<void>, recover: () => Promise<void>, rootCause: RegExp) {
  const t0 = Date.now();
  await inject();
  let opened: Record<string, any>;
  try {
    // 180 s: in the full suite (two test files at once on 2 cores, the in-process collector sharing them) the
    // frontend's calls reach the KPIs late and some evaluations lack the minimum traffic; one CI run needed > 90 s
    opened = await waitFor('an incident', async () => (await incidentsSince(t0 - 2000))[0], 180_000, t0);
    await sleep(5000);
  } finally {
    await recover(); // also when no incident came: the next scenario starts from a healthy world
  }
  const done = await waitFor(
    'the incident resolved',
    async () => {
      const i = await api('GET', `/incidents/${opened.id as string}`);
      return i.state === 'resolved' ? i : undefined;
    },
    150_000,
    t0,
  );
  const mine = (bodies: string[]) => bodies.filter((b) => b.includes(opened.id as string));
  const sent = () => [
    slack.accepted.map((a) => a.body),
    hook.accepted.map((a) => a.body),
    pd.accepted.map((a) => a.body),
    smtp.mails.map((m) => m.raw),
  ];
  // the open and resolve notifications on all four channels (then a little longer: a duplicate would show)
  await waitFor(
    'the open and resolve notifications',
    () => Promise.resolve(sent().every((b) => mine(b).length >= 2) ? true : undefined),
    60_000,
    t0,
  );
  await sleep(2000);
  expect(await incidentsSince(t0 - 2000), await diagnose(t0)).toHaveLength(1);
  // the graph the incident page draws: the trigger's service and the root cause, connected
  const graph = done.details.graph as { nodes: Array<{ id: string }>; edges: Array<[string, string]> };
  const rc = done.details.rootCause as { nodeId: string; name: string; explanation: string };
  const why = JSON.stringify({
    openedMsAfterInject: Number(opened.startMs) - t0,
    explanation: rc.explanation,
    candidates: done.details.candidates,
    timeline: done.details.timeline,
  });
  expect(`${rc.nodeId} ${rc.name}`, why).toMatch(rootCause);
  expect(rc.explanation.length).toBeGreaterThan(40);
  expect(graph.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['service:frontend', rc.nodeId]));
  expect(graph.edges.length).toBeGreaterThanOrEqual(graph.nodes.length - 1);
  const examples = done.details.exampleTraces as Array<{ traceId: string }>;
  expect(examples.length).toBeGreaterThan(0);
  expect(examples[0].traceId).toMatch(/^[0-9a-f]{32}$/);
  const slackMsgs = mine(slack.accepted.map((a) => a.body));
  expect(slackMsgs).toHaveLength(2);
  expect(slackMsgs[0]).toMatch(/Root cause/);
  expect(slackMsgs[0]).toContain(examples[0].traceId);
  expect(slackMsgs[1]).toMatch(/Resolved/);
  expect(mine(hook.accepted.map((a) => a.body))).toHaveLength(2);
  const pdMsgs = mine(pd.accepted.map((a) => a.body)).map((b) => JSON.parse(b) as { event_action: string; dedup_key: string });
  expect(pdMsgs.map((m) => m.event_action)).toEqual(['trigger', 'resolve']);
  expect(mine(smtp.mails.map((m) => m.raw))).toHaveLength(2);
  expect(slack.invalid).toEqual([]);
  return done;
}

describe('alert scenarios', { timeout: 480_000 }, () => {
  it('a steady period raises no incident', async () => {
    const t0 = Date.now();
    await sleep(40_000);
    // 10 requests/s: most of them answered (a starved machine shows here first)
    expect(load.stats.ok, JSON.stringify(load.stats)).toBeGreaterThan(200);
    expect(await incidentsSince(t0 - 120_000)).toEqual([]);
    // the latency rule: well above what this machine serves now (its median over the steady period)
    const services = (await api('GET', `/services?from=${t0}&to=${Date.now()}`)).services as Array<Record<string, any>>;
    const p50 = Number(services.find((x) => x.name === 'frontend')?.kpis.p50Ms);
    expect(p50).toBeGreaterThan(0);
    slowMs = Math.max(400, Math.round(4 * p50));
    expect(slowMs, `the frontend's median is ${p50} ms: too slow a machine to show a slowdown`).toBeLessThan(15_000);
    const rule = await api('POST', '/alerts', {
      name: 'frontend slow',
      blueprint: 'service-slow',
      service: 'frontend',
      percentile: 'p50',
      threshold: slowMs,
      gracePeriodSeconds: GRACE_S,
      channels: channelIds,
    });
    expect(rule.threshold).toMatchObject({ critical: slowMs });
  });

  it('a downstream service slow, then failing: one incident, root cause inventory', async () => {
    const fault = (f: object) =>
      fetch(`${world.services.inventory.url}/fault`, { method: 'POST', body: JSON.stringify(f) }).then(() => undefined);
    await scenario(
      async () => {
        await fault({ delayMs: slowMs + 1000 });
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

  // The hog slows the services (the latency rule opens) or, starved harder, stops their calls from arriving at all
  // (the built-in sudden drop in calls opens: one CI run saw no calls and no incident before it counted silence)
  it.skipIf(!canRaisePriority())('a CPU hog on the host: one incident, root cause the host', async () => {
    let hog: CpuHog | undefined;
    extra = () => ({ hog: hog?.status() });
    const done = await scenario(
      async () => {
        hog = startCpuHog([load.pid]);
        await sleep(1000);
      },
      () => Promise.resolve(hog?.stop()),
      /^host:/,
    ).finally(() => (extra = () => ({})));
    expect((done.details.rootCause as { explanation: string }).explanation).toMatch(/CPU/i);
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
