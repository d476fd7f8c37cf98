import express from 'express';
import { z } from 'zod';
import { callJson, errorHandler, portSchema, readEnv, serve } from './runtime.js';

const env = readEnv('gateway', { PORT: portSchema, CATALOG_URL: z.url(), CHECKOUT_URL: z.url() });

/** The API gateway: one public API, routed to the catalog and checkout services. */
const app = express();
app.use(express.json());

const qs = (query: Record<string, unknown>) => new URLSearchParams(query as Record<string, string>).toString();

app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});
app.get('/api/products', async (req, res) => {
  res.json(await callJson(`${env.CATALOG_URL}/products?${qs(req.query)}`));
});
app.get('/api/products/search', async (req, res) => {
  res.json(await callJson(`${env.CATALOG_URL}/products/search?${qs(req.query)}`));
});
app.get('/api/products/:id', async (req, res) => {
  res.json(await callJson(`${env.CATALOG_URL}/products/${encodeURIComponent(req.params.id)}`));
});
app.get('/api/cart/:cartId', async (req, res) => {
  res.json(await callJson(`${env.CHECKOUT_URL}/carts/${encodeURIComponent(req.params.cartId)}`));
});
app.post('/api/cart/:cartId/items', async (req, res) => {
  const body = await callJson(`${env.CHECKOUT_URL}/carts/${encodeURIComponent(req.params.cartId)}/items`, {
    method: 'POST',
    body: req.body,
  });
  res.status(201).json(body);
});
app.post('/api/checkout', async (req, res) => {
  res.status(201).json(await callJson(`${env.CHECKOUT_URL}/checkout`, { method: 'POST', body: req.body }));
});
app.get('/api/shipping/quote', async (req, res) => {
  res.json(await callJson(`${env.CHECKOUT_URL}/shipping/quote?${qs(req.query)}`));
});
app.use(errorHandler('gateway'));

serve('gateway', app, env.PORT);
