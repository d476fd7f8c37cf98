import { createOtlpModule } from './ingest/otlp/index.js';
import type { CollectorModule } from './module.js';
import { createQueryModule } from './query/index.js';
import { createAnalyticsModule } from './analytics/index.js';
import { createEumModule } from './eum/index.js';
import { createInfrastructureModule } from './infrastructure/index.js';

type ModuleEntry = CollectorModule | (() => CollectorModule);

/**
 * Every feature of the collector, in start order. A new feature is one line here.
 * Migration number ranges (migrations from all modules run in one global order): 001-019 storage core
 * (storage/migrations), 020-039 infrastructure, 040-059 analytics, 060-079 eum; a new module takes the next
 * free range of 20.
 */
const MODULES: ModuleEntry[] = [
  createOtlpModule,
  createQueryModule,
  () => createAnalyticsModule(),
  createEumModule,
  () => createInfrastructureModule(),
];

export function createModules(): CollectorModule[] {
  return MODULES.map((m) => (typeof m === 'function' ? m() : m));
}
