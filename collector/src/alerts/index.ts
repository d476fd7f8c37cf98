import { fileURLToPath } from 'node:url';
import type { CollectorModule } from '../module.js';
import { channelRoutes } from './api/channel-routes.js';
import { eventRoutes } from './api/event-routes.js';
import { ruleRoutes } from './api/rule-routes.js';
import { loadAlertsConfig, type AlertsConfigInput } from './config.js';
import { createDeliveryQueue, type DeliveryOutcome, type DeliveryQueue } from './delivery/queue.js';
import { createEventStore } from './engine/event-store.js';
import { createEvaluator, type Evaluator } from './engine/evaluator.js';
import { createReadSide } from './signals/read-side.js';
import { createChannelStore, type ChannelStore } from './store/channel-store.js';
import { createRuleStore, type RuleStore } from './store/rule-store.js';
import { ArgusError } from '../errors.js';
import { DEFAULT_TENANT } from '../tenants/tenant-store.js';

export interface AlertsModule extends CollectorModule {
  evaluator?: Evaluator;
  queue?: DeliveryQueue;
  /** delivery outcomes (tests and the benchmark watch them) */
  onDelivery?: (o: DeliveryOutcome) => void;
}

/**
 * Smart alerts (docs/alerts.md): channels and alert rules (API, YAML), the evaluator (a singleton job every
 * second: configured rules, built-in issues, changes, incidents with a ranked root cause) and the persistent
 * delivery queue. Migrations 080-099.
 */
export function createAlertsModule(overrides: AlertsConfigInput = {}): AlertsModule {
  const config = loadAlertsConfig(overrides);
  let channels: ChannelStore | undefined;
  let rules: RuleStore | undefined;
  let reload: NodeJS.Timeout | undefined;
  const mod: AlertsModule = {
    name: 'alerts',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    api(app, deps) {
      const ch = (channels = createChannelStore(deps.storage));
      const rs = (rules = createRuleStore(deps.storage, (tenant, ids) => {
        const missing = ids.filter((id) => !ch.get(tenant, id));
        if (missing.length) throw new ArgusError('ALERT_INVALID', `unknown channel id(s): ${missing.join(', ')}`, 400);
      }));
      const publicUrl =
        config.publicUrl ?? `http://${deps.config.apiHost === '0.0.0.0' ? '127.0.0.1' : deps.config.apiHost}:${deps.config.apiPort}`;
      const smtp = () => (config.smtpUrl ? { url: config.smtpUrl, from: config.smtpFrom } : undefined);
      const readSide = createReadSide(deps.queries);
      channelRoutes(app, ch, rs, smtp, publicUrl);
      ruleRoutes(app, rs, ch, readSide, () => mod.evaluator);
      eventRoutes(app, createEventStore(deps.storage), deps.storage, () => mod.evaluator);
    },
    async start(deps) {
      if (!channels || !rules) return;
      const ch = channels;
      const rs = rules;
      await ch.load();
      await rs.load();
      reload = setInterval(() => {
        void Promise.all([ch.load(), rs.load()]).catch((err: unknown) => deps.log.warn({ err }, 'alert configuration reload failed'));
      }, config.reloadMs);
      reload.unref();
      if (config.evaluator === 'off') return;
      const log = deps.log.child({ module: 'alerts' });
      const publicUrl = config.publicUrl ?? `http://127.0.0.1:${deps.config.apiPort}`;
      const smtp = config.smtpUrl ? { url: config.smtpUrl, from: config.smtpFrom } : undefined;
      const events = createEventStore(deps.storage);
      let term = 0;
      deps.jobs.register({
        name: 'alerts.evaluator',
        intervalMs: config.tickMs,
        timeoutMs: 30_000,
        singleton: true,
        runAtStart: true,
        async run(ctx) {
          // (re)gaining the lease: start from what is stored (open issues, incidents, pending notifications)
          if (!mod.evaluator || ctx.term !== term) {
            await mod.queue?.stop();
            term = ctx.term;
            const queue = createDeliveryQueue(deps.storage, ch, log, smtp, undefined, (o) => mod.onDelivery?.(o));
            await queue.start();
            const ev = createEvaluator({
              tenant: DEFAULT_TENANT,
              storage: deps.storage,
              log,
              config,
              publicUrl,
              readSide: createReadSide(deps.queries),
              events,
              rules: rs,
              channels: ch,
              queue,
            });
            await ev.resume();
            mod.queue = queue;
            mod.evaluator = ev;
          }
          await mod.evaluator.run();
        },
      });
    },
    async stop() {
      if (reload) clearInterval(reload);
      await mod.queue?.stop();
    },
  };
  return mod;
}
