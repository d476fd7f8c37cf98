import type { Hono } from 'hono';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { parseIntParam } from '../../query/params.js';
import { detectThreshold } from '../detection/detect-threshold.js';
import type { Evaluator } from '../engine/evaluator.js';
import { kpiValue } from '../engine/rule-runner.js';
import { BLUEPRINTS, expandRule } from '../rules/blueprints.js';
import type { ReadSide } from '../signals/read-side.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { RuleStore } from '../store/rule-store.js';
import { jsonBody } from './channel-routes.js';
import { exportYaml, importYaml } from './yaml-io.js';

/** /alerts: CRUD (blueprint or full form), enable/disable, blueprints, YAML export/import, the detect-threshold helper. */
export function ruleRoutes(
  app: Hono<AppEnv>,
  rules: RuleStore,
  channels: ChannelStore,
  readSide: ReadSide,
  evaluator: () => Evaluator | undefined,
): void {
  const status = (id: string) => {
    const ev = evaluator();
    if (!ev) return { evaluated: false };
    const open = [...ev.ctx.issues.open.values()].filter((i) => i.event.ruleId === id);
    return {
      evaluated: true,
      openIssues: open.map((i) => i.event.id),
      incidents: [...new Set(open.map((i) => i.event.incidentId).filter(Boolean))],
      series: ev.seriesOf(id),
    };
  };
  app.get('/alerts/blueprints', (c) =>
    c.json({
      blueprints: Object.entries(BLUEPRINTS).map(([name, b]) => ({
        name,
        description: b.description,
        condition: b.condition,
        defaultThreshold: b.defaultThreshold ?? null,
      })),
    }),
  );
  app.get('/alerts/export', (c) => {
    const yaml = exportYaml(c.get('tenant'), channels, rules, c.req.query('secrets') === 'true');
    return c.body(yaml, 200, {
      'content-type': 'application/yaml; charset=utf-8',
      'content-disposition': 'attachment; filename="argus-alerts.yaml"',
    });
  });
  app.post('/alerts/import', async (c) => {
    const mode = c.req.query('mode') ?? 'merge';
    if (mode !== 'merge' && mode !== 'replace') throw new ArgusError('INVALID_PARAM', 'mode must be merge or replace', 400);
    const text = await c.req.text();
    if (text.length > 2_000_000) throw new ArgusError('BODY_TOO_LARGE', 'an alert configuration is at most 2 MB', 413);
    return c.json(await importYaml(c.get('tenant'), text, channels, rules, mode));
  });
  app.post('/alerts/detect-threshold', async (c) => {
    const body = (await jsonBody(c)) as Record<string, unknown>;
    const days = parseIntParam(typeof body.days === 'number' ? String(body.days) : undefined, 7, 1, 30, 'days');
    const rule = expandRule({ ...body, name: 'detect', threshold: body.threshold ?? 1, channels: [] });
    if (rule.scope.kind !== 'service' && rule.scope.kind !== 'endpoint') {
      throw new ArgusError('ALERT_INVALID', 'detect-threshold works for service and endpoint blueprints', 400);
    }
    const now = Date.now();
    const endpoint = rule.scope.kind === 'endpoint' ? rule.scope.endpoint : undefined;
    const points = await readSide.kpiSeries(c.get('tenant'), rule.scope.service, endpoint, now - days * 86_400_000, now, '1m');
    const values = points.filter((p) => p.kpis.calls >= Math.max(1, rule.minTraffic / 10)).map((p) => kpiValue(p.kpis, rule) ?? NaN);
    const s = detectThreshold(values, rule.condition);
    return c.json({
      signal: rule.signal,
      condition: rule.condition,
      days,
      suggestion: s ?? null,
      note: s
        ? 'from one-minute values; the thresholds would have been crossed as often as wouldHaveBreached says'
        : `too little history: ${values.length} minutes with traffic (needs 30)`,
    });
  });
  app.get('/alerts', (c) =>
    c.json({ alerts: rules.list(c.get('tenant')).map((r) => ({ ...r, tenant: undefined, status: status(r.id) })) }),
  );
  app.post('/alerts', async (c) => {
    const r = await rules.create(c.get('tenant'), await jsonBody(c));
    return c.json(r, 201);
  });
  app.get('/alerts/:id', (c) => {
    const { tenant: _t, ...r } = rules.mustGet(c.get('tenant'), c.req.param('id'));
    return c.json({ ...r, status: status(r.id) });
  });
  app.put('/alerts/:id', async (c) => c.json(await rules.update(c.get('tenant'), c.req.param('id'), await jsonBody(c))));
  app.delete('/alerts/:id', async (c) => {
    await rules.remove(c.get('tenant'), c.req.param('id'));
    return c.json({ deleted: c.req.param('id') });
  });
  app.post('/alerts/:id/enable', async (c) => c.json(await rules.setEnabled(c.get('tenant'), c.req.param('id'), true)));
  app.post('/alerts/:id/disable', async (c) => c.json(await rules.setEnabled(c.get('tenant'), c.req.param('id'), false)));
}
