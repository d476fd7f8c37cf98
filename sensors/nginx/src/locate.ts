import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { NginxConfig } from './config.js';
import { loadNginxConf, procRootReader } from './conf-load.js';
import { stubStatusLocations, type StatusLocation } from './conf-status.js';
import type { NginxTarget } from './detect.js';
import type { StatusFetcher, StatusResponse } from './status.js';

const DEFAULT_CONFIGS = [
  '/etc/nginx/nginx.conf',
  '/usr/local/nginx/conf/nginx.conf',
  '/usr/local/etc/nginx/nginx.conf',
  '/opt/nginx/conf/nginx.conf',
];

/** The config file the master was started with: `-c` (relative to `-p`), an override, or the usual paths. */
export function configPathOf(target: NginxTarget, override: string | undefined, procRoot: string): string | undefined {
  if (override) return override;
  if (target.configArg) {
    if (isAbsolute(target.configArg)) return target.configArg;
    return join(target.prefixArg ?? '/usr/share/nginx', target.configArg);
  }
  const root = `${procRoot}/${target.pid}/root`;
  return DEFAULT_CONFIGS.find((p) => existsSync(`${root}${p}`) || existsSync(p));
}

export interface Located {
  location?: StatusLocation;
  /** where the location came from: config | override | probe */
  source?: 'config' | 'override' | 'probe';
  configFiles: string[];
  first?: StatusResponse;
}

/**
 * Find a working stub_status URL: the configured override, else the locations declared in the
 * config the process runs with (includes followed), else common paths on every listening port.
 */
export async function locateStatus(
  target: NginxTarget,
  cfg: NginxConfig,
  configPath: string | undefined,
  procRoot: string,
  fetcher: StatusFetcher,
  signal: AbortSignal,
): Promise<Located> {
  const override = cfg.instances[String(target.port)]?.statusUrl ?? cfg.statusUrl;
  const candidates: Array<{ loc: StatusLocation; source: Located['source'] }> = [];
  let configFiles: string[] = [];
  if (override) candidates.push({ loc: { url: override }, source: 'override' });
  else {
    if (configPath) {
      const { tree, files } = loadNginxConf(configPath, procRootReader(`${procRoot}/${target.pid}/root`));
      configFiles = files;
      for (const loc of stubStatusLocations(tree)) candidates.push({ loc, source: 'config' });
    }
    for (const port of target.ports) {
      for (const p of cfg.fallbackPaths) candidates.push({ loc: { url: `http://127.0.0.1:${port}${p}` }, source: 'probe' });
    }
  }
  for (const c of candidates) {
    if (signal.aborted) break;
    try {
      const res = await fetcher.get(c.loc.url, c.loc.host, signal);
      if (res.status) return { location: c.loc, source: c.source, configFiles, first: res };
    } catch {
      /* try the next candidate */
    }
  }
  return { configFiles };
}
