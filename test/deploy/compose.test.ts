/**
 * deploy/compose and deploy/docker, checked as far as this machine allows (no Docker engine here: the images are not
 * built): the compose file parses and has the single-host shape (ClickHouse with a health check before the collector,
 * the collector in server mode, the agent with the host's PID namespace and read-only host mounts), the agent.yaml it
 * mounts passes the agent's own validation, and what the Dockerfiles copy and run exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { agentVersion } from '../../agent/build/build.js';
import { loadAgentConfig } from '../../agent/src/config/load.js';
import { SENSORS } from '../../agent/src/sensors.js';
import { COLLECTOR_NODE_FLAGS } from '../../common/supervise/src/collector-node-flags.js';

const REPO = join(import.meta.dirname, '../..');
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  depends_on?: Record<string, { condition: string }> | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  pid?: string;
  network_mode?: string;
  healthcheck?: { test: string[] };
  cap_add?: string[];
  cap_drop?: string[];
  read_only?: boolean;
  command?: string[];
}

describe('compose and Dockerfiles (not built here: no Docker engine)', () => {
  const compose = parse(readFileSync(join(REPO, 'deploy/compose/compose.yaml'), 'utf8')) as { services: Record<string, Service> };

  it('compose: ClickHouse server, collector in server mode, and this host agent with read-only host mounts', () => {
    const { clickhouse, collector, agent } = compose.services;
    expect(clickhouse.image).toMatch(/^clickhouse\/clickhouse-server:\d+\.\d+$/);
    expect(clickhouse.healthcheck?.test).toContain('SELECT 1');
    expect(collector.depends_on).toEqual({ clickhouse: { condition: 'service_healthy' } });
    expect(collector.environment?.ARGUS_CLICKHOUSE_URL).toMatch(/^http:\/\/argus:\$\{CLICKHOUSE_PASSWORD\}@clickhouse:8123$/);
    expect([agent.pid, agent.network_mode, agent.read_only]).toEqual(['host', 'host', true]);
    expect(agent.cap_drop).toEqual(['ALL']);
    expect(agent.cap_add).toEqual(['SYS_PTRACE', 'DAC_READ_SEARCH']);
    const hostMounts = (agent.volumes ?? []).filter((v) => v.startsWith('/'));
    expect(hostMounts.length).toBeGreaterThan(4);
    for (const v of hostMounts) expect(v, v).toMatch(/:ro$/);
    for (const s of [collector, agent]) expect(existsSync(join(REPO, 'deploy/compose', s.build!.context, s.build!.dockerfile))).toBe(true);
    // the agent config it mounts is valid for the agent
    const config = loadAgentConfig({ path: join(REPO, 'deploy/compose/agent.yaml'), sensors: SENSORS, env: {} });
    expect(config.procRoot).toBe('/host/proc');
    expect(config.sensors.container.config).toMatchObject({ sysRoot: '/host/sys/fs/cgroup' });
  });

  it('Dockerfiles: copy the build:agent artifacts with their checksums and run what exists', () => {
    const agent = readFileSync(join(REPO, 'deploy/docker/agent.Dockerfile'), 'utf8');
    expect(agent).toContain(`ARG VERSION=${agentVersion()}`);
    expect(agent).toContain('COPY dist/downloads/agent/${VERSION}/ /artifacts/');
    expect(agent).toContain('sha256sum --check');
    expect(agent).toContain('ENTRYPOINT ["/opt/argus-agent/argus-agent"]');
    const collector = readFileSync(join(REPO, 'deploy/docker/collector.Dockerfile'), 'utf8');
    expect(collector).toContain('--no-optional'); // no chdb in server mode
    expect(collector).toContain('build:agent --tracer');
    // the image starts the collector as the launcher does: its node flags, then the script
    const m = /ENTRYPOINT \["node", ((?:"--[\w-]+", )*)"--import", "tsx", "([^"]+)"\]/.exec(collector);
    expect(m?.[1].match(/--[\w-]+/g) ?? []).toEqual([...COLLECTOR_NODE_FLAGS]);
    expect(m && existsSync(join(REPO, m[2]))).toBe(true);
    for (const d of [agent, collector]) for (const from of d.match(/^FROM \S+/gm) ?? []) expect(from).toMatch(/:[\w.-]+/);
  });
});
