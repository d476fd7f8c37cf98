/**
 * Agent scenarios of the benchmark. Each runs the agent (as `pnpm agent` does) for the same duration.
 * HOOK for the technology-sensors work: add an entry (e.g. "all three sensors active") whose setup()
 * starts nginx/PostgreSQL/Redis on loopback and returns extra env/config for the agent plus a cleanup.
 */
export interface ScenarioSetup {
  /** extra environment for the agent process */
  env?: Record<string, string>;
  /** YAML written to the agent's config file */
  configYaml?: string;
  cleanup?: () => Promise<void> | void;
}

export interface Scenario {
  name: string;
  /** 'tsx': `node --import tsx agent/src/main.ts` as `pnpm agent` runs it; 'bundle': the deployed form, see bundle.ts */
  runner?: 'tsx' | 'bundle';
  /** measure node_exporter / netdata next to this scenario (the first scenario does) */
  withPeers: boolean;
  setup(): Promise<ScenarioSetup> | ScenarioSetup;
}

export const SCENARIOS: Scenario[] = [
  {
    // how the agent is deployed: bench/agent/bundle.ts (minified ESM chunks) run by plain node
    name: 'agent, default sensors, bundled (node --max-semi-space-size=1 --lite-mode --single-threaded argus-agent.mjs)',
    runner: 'bundle',
    withPeers: true,
    setup: () => ({}),
  },
  // the development runner: the same code through the tsx loader (its own loader thread and transpiler in memory)
  { name: 'agent, default sensors (pnpm agent: node --import tsx)', runner: 'tsx', withPeers: true, setup: () => ({}) },
  {
    // attribution: discovery, export, entities and self-monitoring without any sensor
    name: 'agent core only, all sensors disabled (pnpm agent)',
    runner: 'tsx',
    withPeers: false,
    setup: () => ({ env: { ARGUS_DISABLED_SENSORS: 'host,process,container,nginx,postgres,redis' } }),
  },
];
