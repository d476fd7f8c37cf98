/**
 * `pnpm build:agent [--platform linux-x64,linux-arm64|host] [--out dist/downloads] [--tracer | --tracer-only]`: the self-contained agent
 * (bundled agent + its own Node.js runtime, no node_modules, no Node.js needed on the host) as one tarball per
 * platform with a SHA-256 file and a manifest, plus (with --tracer) the Node.js tracer as an npm tarball. The
 * collector serves them (collector/src/downloads); layout under the output directory:
 *
 *   agent/<version>/argus-agent-<version>-<platform>.tar.gz(.sha256), agent/<version>/manifest.json
 *   nodejs/argus-nodejs-<version>.tgz(.sha256)
 *
 * Tarballs are reproducible (sorted entries, fixed owner and time, gzip without a timestamp): rebuilding the same
 * sources gives the same checksum, so re-running the installer after a rebuild changes nothing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  createReadStream,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BUNDLE_NODE_FLAGS, bundleAgent } from './bundle.js';
import { AGENT_NODE_VERSION, PLATFORMS, ensureRuntime, hostPlatform, isPlatform, type Platform } from './runtime.js';

const run = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** npm's fixed file time (1985-10-26T08:15:00Z), so archives do not change with the build time */
const FIXED_MTIME = 499162500;

export const DEFAULT_DOWNLOADS_DIR = join(repo, 'dist/downloads');
export const DEFAULT_RUNTIME_CACHE = join(repo, 'node_modules/.cache/argus-node-runtime');

export interface PlatformArtifact {
  file: string;
  sha256: string;
  bytes: number;
}
export interface AgentManifest {
  version: string;
  node: string;
  nodeFlags: string;
  platforms: Partial<Record<Platform, PlatformArtifact>>;
}

export function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(repo, dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export const agentVersion = (): string => packageVersion('agent');
export const tracerVersion = (): string => packageVersion('sensors/nodejs');
export const agentFileName = (version: string, platform: Platform): string => `argus-agent-${version}-${platform}.tar.gz`;

export function sha256File(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('end', () => res(h.digest('hex')))
      .on('error', rej);
  });
}

/** `<hex>  <name>`: the format `sha256sum -c` reads. */
async function writeChecksum(file: string): Promise<string> {
  const sum = await sha256File(file);
  writeFileSync(`${file}.sha256`, `${sum}  ${file.slice(file.lastIndexOf('/') + 1)}\n`);
  return sum;
}

async function reproducibleTarGz(parent: string, entry: string, out: string): Promise<void> {
  const tmp = `${out}.tmp-${process.pid}`;
  const tarArgs = ['--sort=name', `--mtime=@${FIXED_MTIME}`, '--owner=0', '--group=0', '--numeric-owner', '--format=gnu'];
  const cmd = `tar ${tarArgs.join(' ')} -C "$1" -cf - "$2" | gzip -n -6 > "$3"`;
  await run('sh', ['-ec', cmd, 'sh', parent, entry, tmp], { maxBuffer: 1 << 20 });
  renameSync(tmp, out);
}

export interface BuildAgentOptions {
  platforms?: Platform[];
  outDir?: string;
  cacheDir?: string;
  log?: (line: string) => void;
}

/** Bundles the agent once, then packs it with each platform's Node.js runtime. */
export async function buildAgentArtifacts(opts: BuildAgentOptions = {}): Promise<AgentManifest> {
  const log = opts.log ?? (() => undefined);
  const version = agentVersion();
  const outDir = join(opts.outDir ?? DEFAULT_DOWNLOADS_DIR, 'agent', version);
  const platforms = opts.platforms ?? [...PLATFORMS];
  const work = join(opts.outDir ?? DEFAULT_DOWNLOADS_DIR, `.build-${process.pid}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  const manifestPath = join(outDir, 'manifest.json');
  let manifest: AgentManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as AgentManifest;
  } catch {
    manifest = { version, node: AGENT_NODE_VERSION, nodeFlags: '', platforms: {} };
  }
  try {
    const bundle = join(work, 'bundle');
    log(`bundling agent ${version}`);
    await bundleAgent(bundle, { runtime: 'bundled' });
    manifest.nodeFlags = BUNDLE_NODE_FLAGS.join(' ');
    for (const platform of platforms) {
      log(`${platform}: Node.js ${AGENT_NODE_VERSION} runtime`);
      const rt = await ensureRuntime(platform, opts.cacheDir ?? DEFAULT_RUNTIME_CACHE);
      const name = `argus-agent-${version}-${platform}`;
      const stage = join(work, name);
      mkdirSync(join(stage, 'proto'), { recursive: true });
      for (const f of readdirSync(bundle)) if (f !== 'proto') copyFileSync(join(bundle, f), join(stage, f));
      for (const f of readdirSync(join(bundle, 'proto'))) copyFileSync(join(bundle, 'proto', f), join(stage, 'proto', f));
      copyFileSync(rt.node, join(stage, 'node'));
      copyFileSync(rt.license, join(stage, 'LICENSE.node'));
      // the systemd unit travels with the agent, so an upgrade brings its unit (install.sh installs it)
      copyFileSync(join(repo, 'deploy/systemd/argus-agent.service'), join(stage, 'argus-agent.service'));
      writeFileSync(join(stage, 'VERSION'), `${version}\n`);
      writeFileSync(join(stage, 'PLATFORM'), `${platform} node-v${rt.version}\n`);
      for (const f of readdirSync(stage))
        chmodSync(join(stage, f), f === 'node' || f === 'argus-agent' ? 0o755 : statSync(join(stage, f)).isDirectory() ? 0o755 : 0o644);
      const file = join(outDir, agentFileName(version, platform));
      log(`${platform}: packing ${file}`);
      await reproducibleTarGz(work, name, file);
      manifest.platforms[platform] = {
        file: agentFileName(version, platform),
        sha256: await writeChecksum(file),
        bytes: statSync(file).size,
      };
    }
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The Node.js tracer as an npm tarball (`pnpm pack`: built dist/ and real dependency versions). */
export async function buildTracerTarball(outDir = DEFAULT_DOWNLOADS_DIR): Promise<string> {
  const dir = join(outDir, 'nodejs');
  const work = join(outDir, `.pack-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    await run('npx', ['-y', 'pnpm@12.21.0', '--filter', '@argus/nodejs', 'pack', '--pack-destination', work], {
      cwd: repo,
      maxBuffer: 4 << 20,
    });
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error('pnpm pack of @argus/nodejs produced no tarball');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, tgz);
    renameSync(join(work, tgz), file);
    await writeChecksum(file);
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): { platforms: Platform[]; outDir?: string; tracer: boolean } {
  let platforms: Platform[] = [...PLATFORMS];
  let outDir: string | undefined;
  let tracer = false;
  if (argv.includes('--tracer-only')) platforms = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--platform' || a === '--platforms') {
      const list = (argv[++i] ?? '').split(',').filter(Boolean);
      const bad = list.filter((p) => p !== 'host' && !isPlatform(p));
      if (bad.length || !list.length)
        throw new Error(`--platform takes ${PLATFORMS.join(', ')} or host (got ${bad.join(', ') || 'nothing'})`);
      platforms = list.map((p) => (p === 'host' ? (hostPlatform() ?? PLATFORMS[0]) : (p as Platform)));
    } else if (a === '--out') outDir = resolve(argv[++i] ?? '');
    else if (a === '--tracer' || a === '--tracer-only') tracer = true;
    else throw new Error(`unknown argument ${a} (use --platform <list>, --out <dir>, --tracer, --tracer-only)`);
  }
  return { platforms, outDir, tracer };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const started = Date.now();
    if (args.platforms.length) {
      const m = await buildAgentArtifacts({ ...args, log: (l) => console.log(`build:agent: ${l}`) });
      for (const [p, a] of Object.entries(m.platforms)) console.log(`${p}: ${a.file} ${(a.bytes / 1e6).toFixed(1)} MB sha256 ${a.sha256}`);
      console.log(`Node.js ${m.node}, flags ${m.nodeFlags}`);
    }
    if (args.tracer) console.log(`tracer: ${await buildTracerTarball(args.outDir)}`);
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    console.error(`build:agent failed: ${(e as Error).message}`);
    process.exit(1);
  }
}
