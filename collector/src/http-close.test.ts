import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { closeServer } from './http-close.js';

async function server(handler: () => Promise<Response>) {
  const app = new Hono().post('/v1', handler);
  const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: { keepAliveTimeout: 5000 } });
  await new Promise((r) => s.once('listening', r));
  return { s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1` };
}
const within = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => 'closed'), new Promise((r) => setTimeout(() => r(`still open after ${ms} ms`), ms))]);

it('closes a server whose request never ends: it is cut after the grace period (its client is not answered)', async () => {
  const { s, url } = await server(() => new Promise<Response>(() => undefined));
  let cut = false;
  const outcome = fetch(url, { method: 'POST', body: 'x' }).then(
    (r) => `answered ${r.status}`,
    () => 'connection closed',
  );
  await new Promise((r) => setTimeout(r, 200));
  expect(
    await within(
      closeServer(s, 500, () => (cut = true)),
      10_000,
    ),
  ).toBe('closed');
  expect(cut).toBe(true);
  expect(await outcome).toBe('connection closed');
});

it('closes a server that clients keep posting to every 100 ms over keep-alive connections, without cutting', async () => {
  const { s, url } = await server(() => Promise.resolve(new Response('ok')));
  let answered = 0;
  let sending = true;
  const sender = async () => {
    while (sending) {
      await fetch(url, { method: 'POST', body: 'x'.repeat(100) })
        .then(async (r) => (await r.text(), answered++))
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const senders = [sender(), sender()];
  while (answered < 6) await new Promise((r) => setTimeout(r, 50));
  let cut = false;
  expect(
    await within(
      closeServer(s, 5000, () => (cut = true)),
      20_000,
    ),
  ).toBe('closed');
  sending = false;
  await Promise.all(senders);
  expect(cut).toBe(false);
}, 30_000);
