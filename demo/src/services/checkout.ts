import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { createMemoryCarts, createRedisCarts, type CartStore } from './cart-store.js';
import { callJson, errorHandler, portSchema, readEnv, serve, sleep } from './runtime.js';

const env = readEnv('checkout', {
  PORT: portSchema,
  CATALOG_URL: z.url(),
  REDIS_URL: z.url().optional(),
  /** share of checkouts failing at the (simulated) payment provider */
  ARGUS_DEMO_ERROR_RATE: z.coerce.number().min(0).max(1).default(0.08),
});

async function openCarts(): Promise<CartStore> {
  if (!env.REDIS_URL) return createMemoryCarts();
  try {
    return await createRedisCarts(env.REDIS_URL);
  } catch (err) {
    console.error(`[checkout] Redis unavailable (${(err as Error).message}): using the in-process store`);
    return createMemoryCarts();
  }
}

const carts = await openCarts();
const app = express();
app.use(express.json());

const itemBody = z.object({ productId: z.number().int().positive(), qty: z.number().int().min(1).max(10) });
const cartId = z.string().regex(/^[\w-]{1,64}$/);

app.get('/healthz', (_req, res) => {
  res.json({ ok: true, store: carts.kind });
});
app.get('/carts/:cartId', async (req, res) => {
  const id = cartId.safeParse(req.params.cartId);
  if (!id.success) {
    res.status(400).json({ error: 'bad cart id' });
    return;
  }
  res.json({ items: await carts.get(id.data) });
});
app.post('/carts/:cartId/items', async (req, res) => {
  const item = itemBody.safeParse(req.body);
  const id = cartId.safeParse(req.params.cartId);
  if (!item.success || !id.success) {
    res.status(400).json({ error: 'expected a cart id and { productId, qty (1-10) }' });
    return;
  }
  // the product must exist: 404s from the catalog pass through
  await callJson(`${env.CATALOG_URL}/products/${item.data.productId}`);
  await carts.add(id.data, item.data);
  res.status(201).json({ items: await carts.get(id.data) });
});

app.post('/checkout', async (req, res) => {
  const id = cartId.safeParse((req.body as { cartId?: unknown } | undefined)?.cartId);
  if (!id.success) {
    res.status(400).json({ error: 'cartId is required' });
    return;
  }
  const items = await carts.get(id.data);
  if (items.length === 0) {
    res.status(409).json({ error: 'cart is empty' });
    return;
  }
  for (const item of items) {
    await callJson(`${env.CATALOG_URL}/products/${item.productId}/reserve`, { method: 'POST', body: { qty: item.qty } });
  }
  await sleep(20 + Math.random() * 60); // the payment provider's usual latency
  if (Math.random() < env.ARGUS_DEMO_ERROR_RATE) throw new Error('payment provider declined the charge: gateway timeout');
  await carts.clear(id.data);
  res.status(201).json({ orderId: randomUUID(), items });
});

// the deliberately slow endpoint: a "carrier rate lookup" taking 1.2-2 s
app.get('/shipping/quote', async (req, res) => {
  const zip = (typeof req.query.zip === 'string' ? req.query.zip : '10115').slice(0, 10);
  await sleep(1200 + Math.random() * 800);
  res.json({ zip, carrier: 'Argus Express', priceCents: 490 + (zip.charCodeAt(0) % 7) * 100, days: 2 });
});
app.use(errorHandler('checkout'));

console.log(`[checkout] cart store: ${carts.kind}`);
serve('checkout', app, env.PORT, () => carts.close());
