import { entity } from './infrastructure.js';
import { kpis, serviceInstance } from './services.js';
import { span, traceSpan, treeSpan } from './traces.js';
import { website } from './websites.js';

/** Shared schemas named in the OpenAPI document's components (TreeSpan must be: it is recursive). */
export const components = {
  Kpis: kpis,
  ServiceInstance: serviceInstance,
  Span: span,
  TraceSpan: traceSpan,
  TreeSpan: treeSpan,
  Entity: entity,
  Website: website,
};
