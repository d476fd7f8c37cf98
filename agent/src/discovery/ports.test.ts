import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseListeningSockets, parseTcpInUse, readListenHead, readListeningSockets } from './ports.js';

const SAMPLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 224374 1 0000000000000000 100 0 0 10 0
   1: 0100007F:B5A5 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 277832 1 0000000000000000 100 0 0 10 0
   2: 0100007F:B5A5 0100007F:D0B2 01 00000000:00000000 00:00000000 00000000     0        0 277901 1 0000000000000000 20 4 30 10 -1
`;
const SAMPLE6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31337 1 0000000000000000 100 0 0 10 0
`;

describe('LISTEN tables', () => {
  it('keeps only LISTEN (0A) sockets, port from the hex local address', () => {
    const m = parseListeningSockets(SAMPLE);
    expect([...m]).toEqual([
      ['224374', 6379],
      ['277832', 46501],
    ]);
    expect([...parseListeningSockets(SAMPLE6)]).toEqual([['31337', 8080]]);
  });

  it('the head reader returns every LISTEN line of the real table', () => {
    const full = parseListeningSockets(readFileSync('/proc/net/tcp', 'utf8'));
    const head = parseListeningSockets(readListenHead('/proc/net/tcp'));
    // sockets may come and go between the two reads; compare the stable part
    for (const [inode, port] of head) if (full.has(inode)) expect(full.get(inode)).toBe(port);
    expect(head.size).toBeGreaterThanOrEqual(Math.min(1, full.size));
  });

  it('reads sockstat counts; a table of a family in use is read, so v4 and v6 listeners are both found', async () => {
    expect(parseTcpInUse('sockets: used 106\nTCP: inuse 7 orphan 0 tw 48 alloc 7 mem 192\n', 'TCP')).toBe(7);
    expect(parseTcpInUse('TCP6: inuse 0\nUDP6: inuse 0\n', 'TCP6')).toBe(0);
    expect(parseTcpInUse('TCP6: inuse 3\n', 'TCP')).toBeUndefined();
    const listen = (host: string) =>
      new Promise<Server>((resolve) => {
        const s = createServer();
        s.listen(0, host, () => resolve(s));
      });
    const servers = [await listen('127.0.0.1'), await listen('::1')];
    try {
      const ports = new Set(readListeningSockets('/proc', process.pid).values());
      for (const s of servers) expect(ports.has((s.address() as { port: number }).port)).toBe(true);
    } finally {
      for (const s of servers) s.close();
    }
  });
});
