import express from 'express';
import { z } from 'zod';
import { createMemoryCatalog, createPostgresCatalog, type CatalogStore } from './catalog-store.js';
import { errorHandler, portSchema, readEnv, serve } from './runtime.js';

const env = readEnv('catalog', { PORT: portSchema, DATABASE_URL: z.url().optional() });

async function openStore(): Promise<CatalogStore> {
  if (!env.DATABASE_URL) return createMemoryCatalog();
  try {
    return await createPostgresCatalog(env.DATABASE_URL);
  } catch (err) {
    console.error(`[catalog] PostgreSQL unavailable (${(err as Error).message}): using the in-process store`);
    return createMemoryCatalog();
  }
}

const store = await openStore();
const app = express();
app.use(express.json());

app.get('/healthz', (_req, res) => {
  res.json({ ok: true, store: store.kind });
});
app.get('/products', async (req, res) => {
  const limit = Math.min(Number(req.query.limit ?? 50) || 50, 100);
  res.json({ products: await store.list(limit) });
});
app.get('/products/search', async (req, res) => {
  const q = (typeof req.query.q === 'string' ? req.query.q : '').slice(0, 100);
  res.json({ products: q ? await store.search(q) : [] });
});
app.get('/products/:id', async (req, res) => {
  const product = await store.get(Number(req.params.id));
  if (!product) {
    res.status(404).json({ error: `product ${req.params.id} not found` });
    return;
  }
  res.json(product);
});
const reserveBody = z.object({ qty: z.number().int().min(1).max(100) });
app.post('/products/:id/reserve', async (req, res) => {
  const body = reserveBody.safeParse(req.body);
  if (!body.success) {
    res.status(400).json({ error: 'qty must be an integer between 1 and 100' });
    return;
  }
  const ok = await store.reserve(Number(req.params.id), body.data.qty);
  if (!ok) {
    res.status(409).json({ error: `not enough stock for product ${req.params.id}` });
    return;
  }
  res.json({ reserved: body.data.qty });
});
app.use(errorHandler('catalog'));

console.log(`[catalog] store: ${store.kind}`);
serve('catalog', app, env.PORT, () => store.close());
