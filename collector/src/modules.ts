import { createOtlpModule } from './ingest/otlp/index.js';
import { createSpanFeed, type SpanFeed } from './ingest/span-feed.js';
import { gatherConfigErrors } from './config-loader.js';
import type { CollectorModule } from './module.js';
import { createQueryModule } from './query/index.js';
import { createAnalyticsModule } from './analytics/index.js';
import { createEumModule } from './eum/index.js';
import { createInfrastructureModule } from './infrastructure/index.js';
import { createDownloadsModule } from './downloads/index.js';
import { createAccountsModule } from './accounts/index.js';
import { createUiModule } from './ui/index.js';
import { createAlertsModule } from './alerts/index.js';

/** `feed`: the one span feed of this collector (ingest hands stored span skeletons to the call resolver in memory) */
type ModuleEntry = CollectorModule | ((feed: SpanFeed) => CollectorModule);

/**
 * Every feature of the collector, in start order. A new feature is one line here.
 * Migration number ranges (migrations from all modules run in one global order): 001-019 storage core
 * (storage/migrations), 020-039 infrastructure, 040-059 analytics, 060-079 eum; a new module takes the next
 * free range of 20.
 */
const MODULES: ModuleEntry[] = [
  (spanFeed) => createOtlpModule({ spanFeed }),
  createQueryModule,
  (spanFeed) => createAnalyticsModule({}, spanFeed),
  createEumModule,
  () => createInfrastructureModule(),
  () => createDownloadsModule(),
  () => createAlertsModule(),
  createAccountsModule,
  createUiModule,
];

/** Builds every module; each validates its settings here, and all CONFIG_INVALID errors are reported together. */
export function createModules(): CollectorModule[] {
  const out: CollectorModule[] = [];
  const feed = createSpanFeed();
  gatherConfigErrors(MODULES.map((m) => () => out.push(typeof m === 'function' ? m(feed) : m)));
  return out;
}
