export type * from './types.js';
export * from './proc.js';
export * from './ids.js';
export * from './validate.js';
export * from './counter-rates.js';
export * from './tech-entity.js';
export * from './abortable.js';
export * from './cgroup.js';
export * from './config-schemas.js';
