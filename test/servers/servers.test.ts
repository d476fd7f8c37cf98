import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { canConnect, httpGet as get, startNginx, startPostgres, startRedis } from './index.js';

describe('test servers', () => {
  it('starts and stops redis with a password', async () => {
    const srv = await startRedis({ password: 's3cret' });
    const client = new Redis({ port: srv.port, host: '127.0.0.1', password: 's3cret', lazyConnect: true });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    await srv.stop();
    expect(await canConnect(srv.port)).toBe(false);
    expect(existsSync(srv.dir)).toBe(false);
  });

  it('starts and stops postgres with a password', async () => {
    const srv = await startPostgres({ password: 'pw1' });
    const client = new pg.Client({ host: '127.0.0.1', port: srv.port, user: srv.user, password: 'pw1', database: srv.database });
    await client.connect();
    const { rows } = await client.query('SELECT current_setting($1) AS dir', ['data_directory']);
    expect(rows[0].dir).toBe(srv.dataDir);
    await client.end();
    const bad = new pg.Client({ host: '127.0.0.1', port: srv.port, user: srv.user, password: 'nope', database: srv.database });
    await expect(bad.connect()).rejects.toThrow(/password authentication failed/);
    await srv.stop();
    expect(await canConnect(srv.port)).toBe(false);
  });

  it('starts nginx with and without stub_status', async () => {
    const on = await startNginx({ stubStatus: true });
    const off = await startNginx({ stubStatus: false });
    try {
      expect((await get(on.port, '/')).body).toBe('ok\n');
      expect((await get(on.port, '/nginx_status')).body).toMatch(/^Active connections: \d+/);
      expect((await get(off.port, '/nginx_status')).body).toBe('ok\n');
    } finally {
      await on.stop();
      await off.stop();
    }
    expect(await canConnect(on.port)).toBe(false);
  });
});
