import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A clean clone of the working tree: exactly the files a `git clone` of it would hold once committed (tracked
 * plus untracked-but-not-ignored files, so no node_modules, dist, data or logs), copied to a temporary directory
 * and installed with the README's command (`pnpm install`, whose postinstall builds the tracer and the EUM
 * script). Packages come from the local pnpm store when they are there.
 */
export async function cleanInstalledCopy(repoRoot: string): Promise<string> {
  const files = execFileSync('git', ['-C', repoRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  const root = mkdtempSync(join(tmpdir(), 'argus-clone-'));
  for (const file of files) {
    const from = join(repoRoot, file);
    // tracked files deleted in the working tree, and the odd directory entry, are not part of the clone
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(from, join(root, file));
  }
  await install(root);
  return root;
}

function install(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['-y', 'pnpm@12.21.0', 'install', '--prefer-offline', '--no-frozen-lockfile'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`pnpm install in the clean copy failed (${String(code)}):\n${out.slice(-3000)}`)),
    );
  });
}
