export { parseStartOptions, type StartOptions } from './options.js';
export { runStart } from './run.js';
export { createOutput, renderSummary, type Output, type Summary } from './output.js';
