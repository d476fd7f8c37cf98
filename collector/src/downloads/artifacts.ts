import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ArgusError } from '../errors.js';
import { BUILD_SCRIPT, REPO_ROOT, type DownloadsConfig } from './config.js';

export const PLATFORMS = ['linux-x64', 'linux-arm64'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const isPlatform = (p: string): p is Platform => (PLATFORMS as readonly string[]).includes(p);
/** versions as they appear in paths: no slashes, no dot-dot */
export const VERSION_RE = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

export interface AgentPlatformEntry {
  file: string;
  sha256: string;
  bytes: number;
}
export interface AgentManifest {
  version: string;
  node: string;
  nodeFlags: string;
  platforms: Partial<Record<Platform, AgentPlatformEntry>>;
}

function readVersion(pkgDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, pkgDir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Highest version directory (numeric compare) when the sources are not present to say which is current. */
function newestBuilt(dir: string): string | undefined {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => VERSION_RE.test(n));
  } catch {
    return undefined;
  }
  const key = (v: string) => v.split(/[.+-]/).map((p) => (/^\d+$/.test(p) ? p.padStart(8, '0') : p));
  return names.sort((a, b) => (key(a).join('.') < key(b).join('.') ? 1 : -1))[0];
}

/**
 * The files the collector serves (built by `pnpm build:agent` into `config.dir`). The current version's artifacts
 * are built on the first request when missing and `config.build` is on (one build at a time per artifact; other
 * requests for it wait for the same build).
 */
export function createArtifactStore(config: DownloadsConfig, log: Logger) {
  const agentDir = join(config.dir, 'agent');
  const tracerDir = join(config.dir, 'nodejs');
  const agentVersion = readVersion('agent') ?? newestBuilt(agentDir) ?? '0.0.0';
  const tracerVersion = readVersion('sensors/nodejs') ?? agentVersion;
  const builds = new Map<string, Promise<void>>();

  function build(key: string, args: string[]): Promise<void> {
    let p = builds.get(key);
    if (!p) {
      log.info({ artifact: key }, 'building a download on demand (pnpm build:agent)');
      const started = Date.now();
      p = new Promise<void>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', BUILD_SCRIPT, ...args, '--out', config.dir],
          { cwd: REPO_ROOT, maxBuffer: 8 << 20, timeout: 600_000 },
          (err, _stdout, stderr) => {
            if (!err) {
              log.info({ artifact: key, ms: Date.now() - started }, 'download built');
              resolve();
              return;
            }
            const why = stderr.trim().split('\n').pop() ?? err.message;
            log.error({ artifact: key, err: why }, 'building a download failed');
            reject(new ArgusError('DOWNLOAD_BUILD_FAILED', `building ${key} failed: ${why}`, 503, 30));
          },
        );
      }).finally(() => builds.delete(key));
      builds.set(key, p);
    }
    return p;
  }

  const missing = (what: string) =>
    new ArgusError(
      'DOWNLOAD_NOT_BUILT',
      `${what} is not built on this collector: run \`pnpm build:agent --tracer\` (or set ARGUS_DOWNLOADS_DIR)`,
      404,
    );

  function manifest(version: string): AgentManifest | undefined {
    try {
      return JSON.parse(readFileSync(join(agentDir, version, 'manifest.json'), 'utf8')) as AgentManifest;
    } catch {
      return undefined;
    }
  }

  return {
    agentVersion,
    tracerVersion,
    manifest,
    /** the tarball of an agent version for a platform, with its checksum entry; builds the current version when missing */
    async agent(version: string, platform: Platform): Promise<{ path: string; entry: AgentPlatformEntry }> {
      const find = () => {
        const entry = manifest(version)?.platforms[platform];
        const path = entry && join(agentDir, version, entry.file);
        return entry && path && existsSync(path) ? { path, entry } : undefined;
      };
      let found = find();
      if (!found && config.build && version === agentVersion) {
        await build(`agent ${version} ${platform}`, ['--platform', platform]);
        found = find();
      }
      if (!found) throw missing(`agent ${version} for ${platform}`);
      return found;
    },
    /** the tracer's npm tarball of a version; builds the current version when missing */
    async tracer(version: string): Promise<string> {
      const path = join(tracerDir, `argus-nodejs-${version}.tgz`);
      if (!existsSync(path) && config.build && version === tracerVersion) await build(`tracer ${version}`, ['--tracer-only']);
      if (!existsSync(path)) throw missing(`the Node.js tracer ${version}`);
      return path;
    },
  };
}

export type ArtifactStore = ReturnType<typeof createArtifactStore>;
