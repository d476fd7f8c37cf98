import { createOtlpModule } from './ingest/otlp/index.js';
import type { CollectorModule } from './module.js';
import { createQueryModule } from './query/index.js';

type ModuleEntry = CollectorModule | (() => CollectorModule);

/** Every feature of the collector, in start order. A new feature is one line here. */
const MODULES: ModuleEntry[] = [
  createOtlpModule,
  createQueryModule,
];

export function createModules(): CollectorModule[] {
  return MODULES.map((m) => (typeof m === 'function' ? m() : m));
}
