import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';

/**
 * Whether the application's entry script is an ES module: `.mjs`/`.mts` yes, `.cjs`/`.cts` no, otherwise the
 * nearest package.json `"type"`. Unknown (no entry, e.g. `node -e`) counts as ESM so nothing is missed.
 */
export function entryIsEsm(entry: string | undefined = process.argv[1]): boolean {
  if (!entry) return true;
  const ext = extname(entry);
  if (ext === '.mjs' || ext === '.mts') return true;
  if (ext === '.cjs' || ext === '.cts') return false;
  let dir = dirname(resolve(entry));
  for (let i = 0; i < 32; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        return (JSON.parse(readFileSync(file, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return true;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return false;
}
