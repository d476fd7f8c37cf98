import { randomBytes } from 'node:crypto';

/** What one tenant's seeded data is called: identifiers (sent in requests) and hidden markers (only in the data). */
export interface Seeded {
  traceId: string;
  service: string;
  entity: string;
  metric: string;
  websiteId: string;
  /** strings that only appear inside this tenant's stored data */
  markers: string[];
}

const attr = (key: string, v: string) => ({ key, value: { stringValue: v } });

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (r.status >= 300) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r;
}

/** Sends spans, logs, metric points, an entity with an event, and creates a website, all in the key's tenant. */
export async function seedTenant(o: {
  ingestUrl: string;
  apiUrl: string;
  ingestKey: string;
  apiHeaders: Record<string, string>;
  tag: string;
}): Promise<Seeded> {
  const { tag } = o;
  const traceId = randomBytes(16).toString('hex');
  const service = `svc-${tag}`;
  const entity = `host:${tag}1`;
  const metric = `metric.${tag}`;
  const key = { authorization: `Bearer ${o.ingestKey}` };
  const now = Date.now();
  const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);
  const hidden = (what: string) => `${what}-${tag}-hidden`;
  await post(`${o.ingestUrl}/v1/traces`, key, {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', service), attr('host.name', hidden('host'))] },
        scopeSpans: [
          {
            scope: { name: 'seed' },
            spans: [
              {
                traceId,
                spanId: randomBytes(8).toString('hex'),
                name: hidden('op'),
                kind: 2,
                startTimeUnixNano: ns(now - 50),
                endTimeUnixNano: ns(now),
                attributes: [attr('marker', hidden('attr')), attr('http.request.method', 'GET'), attr('http.route', `/${tag}`)],
                status: { code: 2, message: hidden('status') },
              },
            ],
          },
        ],
      },
    ],
  });
  await post(`${o.ingestUrl}/v1/logs`, key, {
    resourceLogs: [
      {
        resource: { attributes: [attr('service.name', service)] },
        scopeLogs: [
          {
            scope: { name: 'seed' },
            logRecords: [{ timeUnixNano: ns(now), severityNumber: 17, body: { stringValue: hidden('log') }, traceId }],
          },
        ],
      },
    ],
  });
  await post(`${o.ingestUrl}/v1/metrics`, key, {
    resourceMetrics: [
      {
        resource: { attributes: [attr('argus.entity.id', entity), attr('host.id', `${tag}1`)] },
        scopeMetrics: [
          {
            scope: { name: 'seed' },
            metrics: [
              { name: metric, gauge: { dataPoints: [{ timeUnixNano: ns(now), asDouble: 42, attributes: [attr('m', hidden('mattr'))] }] } },
            ],
          },
        ],
      },
    ],
  });
  await post(`${o.ingestUrl}/v1/agent/entities`, key, {
    agentId: `agent-${tag}`,
    hostEntityId: entity,
    time: now,
    snapshots: [{ id: entity, type: 'host', name: hidden('entity'), attributes: { 'host.name': hidden('entityattr') } }],
    alive: [entity],
    gone: [],
    events: [{ severity: 'warning', code: 'SEED', message: hidden('event'), entityId: entity, time: now }],
  });
  const site = (await (
    await post(`${o.apiUrl}/api/v1/websites`, o.apiHeaders, { name: hidden('site'), allowedOrigins: [`https://${tag}.example.com`] })
  ).json()) as { id: string; siteKey: string };
  return {
    traceId,
    service,
    entity,
    metric,
    websiteId: site.id,
    markers: ['op', 'attr', 'status', 'log', 'mattr', 'entity', 'entityattr', 'event', 'site', 'host'].map(hidden).concat(site.siteKey),
  };
}
