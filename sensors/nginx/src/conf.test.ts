import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeProcess } from '@argus/sensor-kit/conformance';
import { loadNginxConf, procRootReader } from './conf-load.js';
import { parseNginxConf } from './conf-parse.js';
import { parseListen, stubStatusLocations } from './conf-status.js';
import { detectNginx, masterArgs } from './detect.js';
import { parseStubStatus } from './status.js';

describe('nginx config parsing', () => {
  it('parses directives, blocks, quotes and comments', () => {
    const tree = parseNginxConf(`# c\nuser www-data;\nhttp { log_format x '$a {b} ;'; server { listen 80; } }\n`, 'f');
    expect(tree.map((d) => d.name)).toEqual(['user', 'http']);
    expect(tree[1].block?.[0]).toMatchObject({ name: 'log_format', args: ['x', '$a {b} ;'] });
    expect(tree[1].block?.[1].block?.[0]).toMatchObject({ name: 'listen', args: ['80'] });
  });

  it('follows includes (globs, relative to the main file) and finds stub_status with its listen and server_name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'argus-nginx-conf-'));
    try {
      mkdirSync(join(dir, 'sites-enabled'));
      writeFileSync(join(dir, 'nginx.conf'), 'events {}\nhttp {\n  include sites-enabled/*;\n}\n');
      writeFileSync(join(dir, 'sites-enabled', 'a.conf'), 'server { listen 8080; location / { root /x; } }');
      writeFileSync(
        join(dir, 'sites-enabled', 'b.conf'),
        'server { listen 127.0.0.2:81; listen [::]:81; server_name status.local *.x;\n location = /basic_status { stub_status; }\n location ~ ^/re { stub_status; } }',
      );
      const { tree, files } = loadNginxConf(join(dir, 'nginx.conf'), procRootReader(undefined));
      expect(files).toHaveLength(3);
      expect(stubStatusLocations(tree)).toEqual([
        { url: 'http://127.0.0.2:81/basic_status', host: 'status.local' },
        { url: 'http://127.0.0.1:81/basic_status', host: 'status.local' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses listen forms', () => {
    expect(parseListen(['80'])).toEqual({ host: '127.0.0.1', port: 80, ssl: false });
    expect(parseListen(['*:8443', 'ssl', 'http2'])).toEqual({ host: '127.0.0.1', port: 8443, ssl: true });
    expect(parseListen(['[::1]:90'])).toEqual({ host: '[::1]', port: 90, ssl: false });
    expect(parseListen(['localhost'])).toEqual({ host: 'localhost', port: 80, ssl: false });
    expect(parseListen(['unix:/run/x.sock'])).toBeNull();
  });

  it('parses stub_status output', () => {
    const body =
      'Active connections: 291 \nserver accepts handled requests\n 16630948 16630940 31070465 \nReading: 6 Writing: 179 Waiting: 106 \n';
    expect(parseStubStatus(body)).toEqual({
      active: 291,
      accepts: 16630948,
      handled: 16630940,
      requests: 31070465,
      reading: 6,
      writing: 179,
      waiting: 106,
    });
    expect(parseStubStatus('<html>404</html>')).toBeNull();
  });
});

describe('nginx detection', () => {
  const master = fakeProcess({
    name: 'nginx',
    exe: '/usr/sbin/nginx',
    listenPorts: [80, 443],
    cmdline: ['nginx: master process /usr/sbin/nginx -p /srv -c conf/nginx.conf -g daemon off;'],
  });
  it('matches the master with -c/-p and its lowest port', () => {
    expect(detectNginx(master)).toMatchObject({ port: 80, ports: [80, 443], configArg: 'conf/nginx.conf', prefixArg: '/srv' });
    expect(masterArgs(['/usr/sbin/nginx', '-c', '/etc/x.conf'])).toEqual(['-c', '/etc/x.conf']);
  });
  it('ignores workers, cache processes and a master without sockets', () => {
    expect(detectNginx({ ...master, cmdline: ['nginx: worker process'] })).toBeNull();
    expect(detectNginx({ ...master, cmdline: ['nginx: cache manager process'] })).toBeNull();
    expect(detectNginx({ ...master, listenPorts: [] })).toBeNull();
  });
});
