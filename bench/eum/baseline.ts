import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * eum.js as built at another commit (`EUM_BASELINE=<git ref>`), so a change can be measured against the previous
 * script in the same run: that commit's sources, tsconfig and build.mjs, with this tree's esbuild.
 */
export function buildEumAt(ref: string): { code: string; commit: string } {
  const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: ROOT }).toString().trim();
  const dir = mkdtempSync(join(tmpdir(), 'argus-eum-baseline-'));
  const tar = execFileSync(
    'git',
    ['archive', commit, 'tsconfig.base.json', 'sensors/eum/tsconfig.json', 'sensors/eum/build.mjs', 'sensors/eum/src/browser'],
    { cwd: ROOT, maxBuffer: 64 << 20 },
  );
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(join(ROOT, 'sensors/eum/node_modules'), join(dir, 'sensors/eum/node_modules'));
  execFileSync(process.execPath, [join(dir, 'sensors/eum/build.mjs')], { stdio: 'pipe' });
  return { code: readFileSync(join(dir, 'sensors/eum/dist/eum.js'), 'utf8'), commit };
}
