import { fakeProcess } from '@argus/sensor-kit/conformance';
import { describe, expect, it } from 'vitest';
import { detectPostgres } from './detect.js';

const postmaster = fakeProcess({
  name: 'postgres',
  exe: '/usr/lib/postgresql/15/bin/postgres',
  listenPorts: [5432],
  cmdline: [
    '/usr/lib/postgresql/15/bin/postgres',
    '-D',
    '/var/lib/postgresql/15/main',
    '-c',
    'config_file=/etc/postgresql/15/main/postgresql.conf',
  ],
});

describe('postgres detection', () => {
  it('matches the postmaster with its port and -D', () => {
    expect(detectPostgres(postmaster)).toMatchObject({ port: 5432, dataDirArg: '/var/lib/postgresql/15/main' });
  });
  it('prefers -p when the server listens on several ports, falls back to -p without sockets', () => {
    expect(detectPostgres({ ...postmaster, listenPorts: [5432, 5433], cmdline: [...postmaster.cmdline, '-p', '5433'] })?.port).toBe(5433);
    expect(detectPostgres({ ...postmaster, listenPorts: [], cmdline: ['postgres', '-p', '6000'] })?.port).toBe(6000);
    expect(detectPostgres({ ...postmaster, listenPorts: [], cmdline: ['postgres'] })).toBeNull();
  });
  it('ignores backends and auxiliary processes (retitled postgres: ...)', () => {
    for (const title of ['postgres: checkpointer', 'postgres: 15/main: postgres postgres [local] idle', 'postgres: walwriter']) {
      expect(detectPostgres({ ...postmaster, cmdline: [title] })).toBeNull();
    }
  });
});
