import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { z } from 'zod';
import { errorHandler, portSchema, readEnv, serve } from './runtime.js';

const env = readEnv('storefront', {
  PORT: portSchema,
  GATEWAY_URL: z.url(),
  /** the EUM snippet to paste into every page (from POST /api/v1/websites); none -> pages without EUM */
  ARGUS_DEMO_EUM_SNIPPET: z.string().optional(),
});

const siteDir = fileURLToPath(new URL('../../site/', import.meta.url));
const indexHtml = readFileSync(`${siteDir}index.html`, 'utf8').replace('<!-- argus-eum-snippet -->', env.ARGUS_DEMO_EUM_SNIPPET ?? '');

/** The storefront: a static single-page shop whose /api calls are forwarded to the gateway. */
const app = express();
app.use(express.json());

app.get('/healthz', (_req, res) => {
  res.json({ ok: true, eum: Boolean(env.ARGUS_DEMO_EUM_SNIPPET) });
});
app.use('/api', async (req, res) => {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(`${env.GATEWAY_URL}/api${req.url}`, {
      method: req.method,
      headers: hasBody ? { 'content-type': 'application/json' } : undefined,
      body: hasBody ? JSON.stringify(req.body ?? {}) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    res.status(502).json({ error: `gateway unreachable: ${(err as Error).message}` });
    return;
  }
  res
    .status(upstream.status)
    .type(upstream.headers.get('content-type') ?? 'application/json')
    .send(Buffer.from(await upstream.arrayBuffer()));
});
app.use(express.static(siteDir, { index: false, maxAge: '1h' }));
// every other path is a page of the single-page app
app.get('/{*page}', (_req, res) => {
  res.type('html').send(indexHtml);
});
app.use(errorHandler('storefront'));

serve('storefront', app, env.PORT);
