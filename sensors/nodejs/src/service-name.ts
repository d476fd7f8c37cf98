import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface AppPackage {
  name?: string;
  version?: string;
}

/**
 * The package.json of the application: walk up from the entry script (process.argv[1]) to the first
 * package.json that has a name, skipping node_modules folders.
 */
export function findAppPackage(entry: string | undefined = process.argv[1]): AppPackage {
  let dir = entry ? dirname(resolve(entry)) : process.cwd();
  for (let i = 0; i < 32; i++) {
    const file = join(dir, 'package.json');
    if (!dir.endsWith('node_modules') && existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as AppPackage;
        if (typeof pkg.name === 'string' && pkg.name.length > 0) {
          return { name: pkg.name, version: typeof pkg.version === 'string' ? pkg.version : undefined };
        }
      } catch {
        // unreadable package.json: keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {};
}

/** ARGUS_SERVICE_NAME, then OTEL_SERVICE_NAME, then the app's package.json name, then the script name. */
export function resolveServiceName(env: NodeJS.ProcessEnv, pkg: AppPackage): string {
  const fromEnv = env.ARGUS_SERVICE_NAME?.trim() || env.OTEL_SERVICE_NAME?.trim();
  if (fromEnv) return fromEnv;
  if (pkg.name) return pkg.name;
  const script = process.argv[1];
  return script ? `node:${script.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]s$/, '')}` : 'unknown_service:node';
}
