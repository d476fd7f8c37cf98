import type { Logger } from 'pino';
import type { Storage } from '../../storage/storage.js';
import type { AlertsConfig } from '../config.js';
import type { DeliveryQueue } from '../delivery/queue.js';
import type { EwmaState } from '../detection/ewma.js';
import type { ReadSide, Kpis } from '../signals/read-side.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { RuleStore } from '../store/rule-store.js';
import type { EventStore } from './event-store.js';
import type { IncidentManager } from './incidents.js';
import type { IssueBook } from './issues.js';

/** Per-service short-term baselines (EWMA of the 10-s window values), shared by built-in issues and correlation. */
export interface ServiceBaselines {
  errorRate: EwmaState;
  p50: EwmaState;
  throughput: EwmaState;
}

/** Everything the evaluator's parts share. */
export interface EngineContext {
  tenant: string;
  storage: Storage;
  log: Logger;
  config: AlertsConfig;
  publicUrl: string;
  readSide: ReadSide;
  events: EventStore;
  rules: RuleStore;
  channels: ChannelStore;
  queue: DeliveryQueue;
  issues: IssueBook;
  incidents: IncidentManager;
  /** latest 10-s KPIs per service (refreshed every tick) */
  current: Map<string, { kpis: Kpis; type: string }>;
  baselines: Map<string, ServiceBaselines>;
  /** services nobody instrumented calls (entry services), refreshed every 30 s */
  entry: Set<string>;
}
