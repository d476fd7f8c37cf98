/**
 * @argus/api: the wire format of the collector's /api/v1 (and of the agent's entity reports), as zod schemas split
 * by domain, the route catalogue, and the OpenAPI 3.1 builder. Depends on zod only: the UI imports it for types.
 */
export * from './params.js';
export * from './services.js';
export * from './traces.js';
export * from './trace-view.js';
export * from './infrastructure.js';
export * from './websites.js';
export * from './storage.js';
export * from './agent.js';
export * from './accounts.js';
export * from './accounts-routes.js';
export * from './alerts.js';
export * from './alerts-events.js';
export * from './alerts-routes.js';
export * from './route.js';
export * from './routes.js';
export * from './openapi.js';
export { components } from './components.js';
