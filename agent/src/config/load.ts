/**
 * Reads agent.yaml, overlays ARGUS_* environment variables (env wins), validates everything with zod, then
 * validates each sensor's block with that sensor's configSchema. Errors name the field and where it came from.
 */
import { readFileSync } from 'node:fs';
import { parseYaml } from '@argus/yaml';
import type { z } from 'zod';
import type { AnySensor } from '@argus/sensor-kit';
import { AgentError } from './errors.js';
import { agentConfigSchema, type AgentConfig, type SensorSettings } from './schema.js';

export const DEFAULT_CONFIG_PATH = '/etc/argus/agent.yaml';

/** agent.yaml is a few KiB; a larger file is refused (CONFIG_INVALID) before it is parsed */
export const MAX_CONFIG_BYTES = 256 * 1024;

/** env var -> config path (dot separated) and how to read it */
const ENV_MAP: Array<[string, string, (v: string) => unknown]> = [
  ['ARGUS_ENDPOINT', 'endpoint', String],
  ['ARGUS_KEY', 'key', String],
  ['ARGUS_ZONE', 'zone', String],
  ['ARGUS_TAGS', 'tags', String],
  ['ARGUS_PROC_ROOT', 'procRoot', String],
  ['ARGUS_HOST_ROOT', 'hostRoot', String],
  ['ARGUS_AGENT_DATA_DIR', 'dataDir', String],
  ['ARGUS_AGENT_PORT', 'port', numberOrRaw],
  ['ARGUS_AGENT_HOST', 'listenHost', String],
  ['ARGUS_AGENT_LOG_LEVEL', 'logLevel', String],
  ['ARGUS_AGENT_SPOOL_MAX_BYTES', 'spool.maxBytes', numberOrRaw],
  ['ARGUS_IMDS_ENABLED', 'imds.enabled', boolOrRaw],
  ['ARGUS_IMDS_URL', 'imds.baseUrl', String],
];

/** the environment variables the loader reads (ENV_MAP and ARGUS_DISABLED_SENSORS) */
export const CONFIG_ENV_NAMES: readonly string[] = [...ENV_MAP.map(([name]) => name), 'ARGUS_DISABLED_SENSORS'];

function numberOrRaw(v: string): unknown {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
}
function boolOrRaw(v: string): unknown {
  return /^(1|true|yes|on)$/i.test(v) ? true : /^(0|false|no|off)$/i.test(v) ? false : v;
}

export interface LoadOptions {
  /** file path; when absent, DEFAULT_CONFIG_PATH is used if it exists */
  path?: string;
  env?: NodeJS.ProcessEnv;
  sensors: readonly AnySensor[];
}

/** `obj` with `value` at the dotted `path`: the objects along the path copied, everything else shared with `obj` */
function withPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [key, ...rest] = path.split('.');
  const inner = obj[key];
  const next = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
  return { ...obj, [key]: rest.length === 0 ? value : withPath(next, rest.join('.'), value) };
}

function describeIssues(issues: z.core.$ZodIssue[], prefix: string, envFields: Map<string, string>): string {
  return issues
    .map((i) => {
      const field = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
      const env = envFields.get(i.path.join('.'));
      return `${field || '(root)'}${env ? ` (from ${env})` : ''}: ${i.message}`;
    })
    .join('; ');
}

/** Reads and parses the YAML file; returns {} when the default file does not exist. */
export function readConfigFile(path: string | undefined): { raw: Record<string, unknown>; source: string } {
  const file = path ?? DEFAULT_CONFIG_PATH;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !path) return { raw: {}, source: '' };
    throw new AgentError('CONFIG_UNREADABLE', `agent config ${file}: cannot read (${(err as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxBytes: MAX_CONFIG_BYTES });
  } catch (err) {
    throw new AgentError('CONFIG_INVALID', `agent config ${file}: not valid YAML (${(err as Error).message})`);
  }
  if (doc === null || doc === undefined) return { raw: {}, source: file };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new AgentError('CONFIG_INVALID', `agent config ${file}: the top level must be a mapping of keys`);
  }
  return { raw: doc as Record<string, unknown>, source: file };
}

/** Validates a raw object (file contents + env overlay) into an AgentConfig. Throws AgentError CONFIG_INVALID. */
export function resolveConfig(rawFile: Record<string, unknown>, source: string, opts: LoadOptions): AgentConfig {
  // the environment overlays a copy of the paths it sets (the file's object is kept as read, for reloads)
  let raw = rawFile;
  const envFields = new Map<string, string>();
  const env = opts.env ?? process.env;
  for (const [name, path, read] of ENV_MAP) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    raw = withPath(raw, path, read(v));
    envFields.set(path, name);
  }
  const where = source ? `agent config ${source}` : 'agent config';
  const parsed = agentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AgentError('CONFIG_INVALID', `${where}: ${describeIssues(parsed.error.issues, '', envFields)}`);
  }
  const known = new Map(opts.sensors.map((s) => [s.name, s]));
  for (const name of Object.keys(parsed.data.sensors)) {
    if (!known.has(name)) {
      throw new AgentError('CONFIG_INVALID', `${where}: sensors.${name}: unknown sensor (known: ${[...known.keys()].join(', ')})`);
    }
  }
  const disabled = new Set(
    (env.ARGUS_DISABLED_SENSORS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const sensors: Record<string, SensorSettings> = {};
  for (const sensor of opts.sensors) {
    const { enabled, ...settings } = parsed.data.sensors[sensor.name] ?? { enabled: true };
    const result = sensor.configSchema.safeParse(settings);
    if (!result.success) {
      throw new AgentError('CONFIG_INVALID', `${where}: ${describeIssues(result.error.issues, `sensors.${sensor.name}`, new Map())}`);
    }
    sensors[sensor.name] = { enabled: enabled && !disabled.has(sensor.name), config: result.data };
  }
  return { ...parsed.data, sensors, source };
}

export function loadAgentConfig(opts: LoadOptions): AgentConfig {
  const { raw, source } = readConfigFile(opts.path);
  return resolveConfig(raw, source, opts);
}
