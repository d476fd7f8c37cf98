import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { preactAlias } from './build/preact-alias';
import { routePreload } from './build/route-preload';

// `pnpm --filter @argus/ui dev`: Vite on :5173 with /api proxied to a running collector (ARGUS_API_URL, default the
// collector's default API address). `build` writes dist/, which the collector serves on its API port.
export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    // the first route's chunk loads beside the entry chunk (build/route-preload.ts)
    routePreload([
      { path: '^/(map)?$', module: 'src/features/map/map-page.tsx', worker: 'layout.worker' },
      { path: '^/traces/[0-9a-fA-F]{32}$', module: 'src/features/trace/trace-page.tsx' },
      { path: '^/services/[^/]+$', module: 'src/features/service/service-page.tsx' },
    ]),
  ],
  // the build renders React's API with Preact (build/preact-alias.ts); `vite` dev keeps React DOM, whose Fast
  // Refresh (plugin-react) updates components in place (it does not reach Preact's); tests run Preact too
  resolve: command === 'build' ? { alias: preactAlias } : undefined,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 700,
    // bench/ui reads it to sum each route's JavaScript
    manifest: true,
  },
  worker: { format: 'es' },
  server: {
    proxy: { '/api': { target: process.env.ARGUS_API_URL ?? 'http://127.0.0.1:8080', changeOrigin: true } },
  },
}));
