import { createOtlpModule } from './ingest/otlp/index.js';
import type { CollectorModule } from './module.js';
import { createQueryModule } from './query/index.js';
import { createAnalyticsModule } from './analytics/index.js';
import { createEumModule } from './eum/index.js';
import { createInfrastructureModule } from './infrastructure/index.js';

type ModuleEntry = CollectorModule | (() => CollectorModule);

/** Every feature of the collector, in start order. A new feature is one line here. */
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
