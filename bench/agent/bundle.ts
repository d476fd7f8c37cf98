/**
 * The agent bundle the benchmark measures is the deployed one: the bundler lives in agent/build/bundle.ts (also used
 * by `pnpm build:agent`); here it runs with the machine's `node` (start script `exec node <flags> argus-agent.mjs`).
 *
 *   node --import tsx bench/agent/bundle.ts [outDir]   (default agent/dist; start with <outDir>/argus-agent)
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_NODE_FLAGS, bundleAgent } from '../../agent/build/bundle.js';

export { BUNDLE_NODE_FLAGS, bundleAgent };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const start = await bundleAgent(resolve(process.argv[2] ?? join(fileURLToPath(new URL('../..', import.meta.url)), 'agent/dist')));
  console.log(`${start}\nrun: ${start} --config /etc/argus/agent.yaml   (= node ${BUNDLE_NODE_FLAGS.join(' ')} argus-agent.mjs ...)`);
}
