import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readyOrRemove, spawnServer } from './process.js';
import { canConnect, freePort, makeTempDir, removeDir, waitUntil } from './util.js';

export interface NginxServer {
  port: number;
  /** master process pid */
  pid: number;
  configPath: string;
  /** path of the stub_status location when enabled */
  statusPath?: string;
  prefix: string;
  stop(): Promise<void>;
}

export interface StartNginxOptions {
  stubStatus: boolean;
  /** location of stub_status (default /nginx_status) */
  statusPath?: string;
  port?: number;
  workers?: number;
}

function siteConfig(port: number, opts: StartNginxOptions): string {
  const status = opts.stubStatus
    ? `    location = ${opts.statusPath ?? '/nginx_status'} {\n      stub_status;\n      allow 127.0.0.1;\n      deny all;\n    }\n`
    : '';
  return `server {
    listen 127.0.0.1:${port};
    server_name localhost;
    location / {
      default_type text/plain;
      return 200 "ok\\n";
    }
${status}}
`;
}

function mainConfig(root: string, workers: number, user: string): string {
  const tmp = (n: string) => join(root, 'temp', n);
  return `${user}
worker_processes ${workers};
pid ${join(root, 'nginx.pid')};
error_log ${join(root, 'logs', 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${tmp('client_body')};
  proxy_temp_path ${tmp('proxy')};
  fastcgi_temp_path ${tmp('fastcgi')};
  uwsgi_temp_path ${tmp('uwsgi')};
  scgi_temp_path ${tmp('scgi')};
  include ${join(root, 'conf.d')}/*.conf;
}
`;
}

/**
 * Run an nginx master process in the foreground (`daemon off`) with its whole config, logs, pid and
 * temp paths in a temp dir. The server block lives in an included file (conf.d/site.conf), as on Debian.
 */
export async function startNginx(opts: StartNginxOptions): Promise<NginxServer> {
  const port = opts.port ?? (await freePort());
  const root = await makeTempDir('nginx');
  await mkdir(join(root, 'logs'));
  await mkdir(join(root, 'conf.d'));
  await mkdir(join(root, 'temp'));
  await chmod(join(root, 'temp'), 0o777);
  const configPath = join(root, 'nginx.conf');
  // workers drop to www-data (created by the Debian package) when we are root
  const user = process.getuid?.() === 0 ? 'user www-data;' : '';
  await writeFile(configPath, mainConfig(root, opts.workers ?? 1, user));
  await writeFile(join(root, 'conf.d', 'site.conf'), siteConfig(port, opts));
  const args = ['-p', root, '-e', join(root, 'logs', 'error.log'), '-c', configPath, '-g', 'daemon off;'];
  const srv = spawnServer({ cmd: 'nginx', args, cwd: root });
  await readyOrRemove(srv, root, () => waitUntil(`nginx on ${port}`, () => canConnect(port), { aborted: srv.exitedEarly }));
  return {
    port,
    pid: srv.pid,
    configPath,
    statusPath: opts.stubStatus ? (opts.statusPath ?? '/nginx_status') : undefined,
    prefix: root,
    async stop() {
      // SIGQUIT = graceful shutdown; workers exit with the master
      await srv.stop('SIGQUIT');
      await removeDir(root);
    },
  };
}
