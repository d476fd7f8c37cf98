import { alertRoutes as r, type AlertView } from '@argus/api';
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { apiRoute } from '../../api-route.js';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { detectThreshold } from '../detection/detect-threshold.js';
import type { Evaluator } from '../engine/evaluator.js';
import type { Rule } from '../engine/rule-types.js';
import { kpiValue } from '../engine/rule-runner.js';
import { BLUEPRINTS, expandRule } from '../rules/blueprints.js';
import type { ReadSide } from '../signals/read-side.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { RuleStore } from '../store/rule-store.js';
import { jsonBody, ownBody } from './channel-routes.js';
import { exportYaml, importYaml } from './yaml-io.js';

/** Query parameters of a non-JSON (YAML) route, validated with its spec's schema (apiRoute reads and answers JSON only). */
function queryOf<S extends z.ZodType>(schema: S | undefined, c: Context<AppEnv>): z.output<S> {
  if (!schema) throw new Error('route spec without a query schema');
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ArgusError('INVALID_PARAM', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 400);
  return parsed.data;
}

/** /alerts: CRUD (blueprint or full form), enable/disable, blueprints, YAML export/import, the detect-threshold helper. */
export function ruleRoutes(
  app: Hono<AppEnv>,
  rules: RuleStore,
  channels: ChannelStore,
  readSide: ReadSide,
  evaluator: () => Evaluator | undefined,
): void {
  const view = (rule: Rule & { tenant?: string }): AlertView => {
    const { tenant: _tenant, ...rest } = rule;
    const ev = evaluator();
    if (!ev) return { ...rest, status: { evaluated: false } };
    const open = [...ev.ctx.issues.open.values()].filter((i) => i.event.ruleId === rule.id);
    return {
      ...rest,
      status: {
        evaluated: true,
        openIssues: open.map((i) => i.event.id),
        incidents: [...new Set(open.map((i) => i.event.incidentId).filter(Boolean))],
        series: ev.seriesOf(rule.id),
      },
    };
  };
  // static paths before /alerts/:id
  apiRoute(app, r.listAlertBlueprints, () => ({
    blueprints: Object.entries(BLUEPRINTS).map(([name, b]) => ({
      name,
      description: b.description,
      condition: b.condition,
      defaultThreshold: b.defaultThreshold ?? null,
    })),
  }));
  app.get(r.exportAlerts.path, (c) => {
    const q = queryOf(r.exportAlerts.query, c);
    const yaml = exportYaml(c.get('tenant'), channels, rules, q.secrets === 'true');
    return c.body(yaml, 200, {
      'content-type': 'application/yaml; charset=utf-8',
      'content-disposition': 'attachment; filename="argus-alerts.yaml"',
    });
  });
  app.post(r.importAlerts.path, async (c) => {
    const { mode } = queryOf(r.importAlerts.query, c);
    const text = await c.req.text();
    if (text.length > 2_000_000) throw new ArgusError('BODY_TOO_LARGE', 'an alert configuration is at most 2 MB', 413);
    return c.json(await importYaml(c.get('tenant'), text, channels, rules, mode));
  });
  apiRoute(app, { ...r.detectAlertThreshold, bodyErrorCode: 'ALERT_INVALID' }, async ({ tenant, body }) => {
    const { days, ...rest } = body;
    const rule = expandRule({ ...rest, name: 'detect', threshold: 1, channels: [] });
    if (rule.scope.kind !== 'service' && rule.scope.kind !== 'endpoint') {
      throw new ArgusError('ALERT_INVALID', 'detect-threshold works for service and endpoint blueprints', 400);
    }
    const now = Date.now();
    const endpoint = rule.scope.kind === 'endpoint' ? rule.scope.endpoint : undefined;
    const points = await readSide.kpiSeries(tenant, rule.scope.service, endpoint, now - days * 86_400_000, now, '1m');
    const values = points.filter((p) => p.kpis.calls >= Math.max(1, rule.minTraffic / 10)).map((p) => kpiValue(p.kpis, rule) ?? NaN);
    const s = detectThreshold(values, rule.condition);
    return {
      signal: rule.signal,
      condition: rule.condition,
      days,
      suggestion: s ?? null,
      note: s
        ? 'from one-minute values; the thresholds would have been crossed as often as wouldHaveBreached says'
        : `too little history: ${values.length} minutes with traffic (needs 30)`,
    };
  });
  apiRoute(app, r.listAlerts, ({ tenant }) => ({ alerts: rules.list(tenant).map(view) }));
  apiRoute(app, ownBody(r.createAlert), async ({ tenant, c }) => view(await rules.create(tenant, await jsonBody(c))));
  apiRoute(app, r.getAlert, ({ tenant, params }) => view(rules.mustGet(tenant, params.id)));
  apiRoute(app, ownBody(r.updateAlert), async ({ tenant, params, c }) => view(await rules.update(tenant, params.id, await jsonBody(c))));
  apiRoute(app, r.deleteAlert, async ({ tenant, params }) => {
    await rules.remove(tenant, params.id);
    return { deleted: params.id };
  });
  apiRoute(app, r.enableAlert, async ({ tenant, params }) => view(await rules.setEnabled(tenant, params.id, true)));
  apiRoute(app, r.disableAlert, async ({ tenant, params }) => view(await rules.setEnabled(tenant, params.id, false)));
}
