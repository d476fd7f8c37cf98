import { describe, expect, it } from 'vitest';
import type { Rolldown } from 'vite';
import { chunkFiles, preloadRow } from './route-preload';

const chunk = (fileName: string, imports: string[], isEntry = false, more: Record<string, unknown> = {}) =>
  ({ type: 'chunk', fileName, imports, isEntry, code: '', ...more }) as unknown as Rolldown.OutputChunk;

describe('route preload', () => {
  it('a route chunk with its static imports, transitively, once each, without the entry chunk and its imports', () => {
    const bundle = {
      'assets/index.js': chunk('assets/index.js', ['assets/client.js'], true),
      'assets/map-page.js': chunk('assets/map-page.js', ['assets/index.js', 'assets/client.js', 'assets/layout.js']),
      'assets/layout.js': chunk('assets/layout.js', ['assets/client.js', 'assets/graph.js']),
      'assets/graph.js': chunk('assets/graph.js', []),
      'assets/client.js': chunk('assets/client.js', []),
      'assets/map.css': { type: 'asset', fileName: 'assets/map.css' },
    } as unknown as Rolldown.OutputBundle;
    // client.js: the entry imports it, so index.html preloads it already
    expect(chunkFiles(bundle, bundle['assets/map-page.js'] as Rolldown.OutputChunk).sort()).toEqual([
      'assets/graph.js',
      'assets/layout.js',
      'assets/map-page.js',
    ]);
  });

  it("a route's row: its chunks, their stylesheets once each, and the worker script its code names", () => {
    const css = (...f: string[]) => ({ viteMetadata: { importedCss: new Set(f) } });
    const bundle = {
      'assets/index.js': chunk('assets/index.js', [], true, css('assets/index.css')),
      'assets/map-page.js': chunk('assets/map-page.js', ['assets/index.js', 'assets/use-layout.js'], false, {
        facadeModuleId: '/w/ui/src/features/map/map-page.tsx',
        ...css('assets/map-page.css'),
      }),
      'assets/use-layout.js': chunk('assets/use-layout.js', [], false, {
        code: 'new Worker(new URL(`/assets/layout.worker-C9r-lRkr.js`, import.meta.url), { type: `module` })',
        ...css('assets/map-page.css'),
      }),
    } as unknown as Rolldown.OutputBundle;
    const route = { path: '^/map$', module: 'src/features/map/map-page.tsx', worker: 'layout.worker' };
    expect(preloadRow(bundle, route)).toEqual([
      '^/map$',
      ['assets/map-page.js', 'assets/use-layout.js'],
      ['assets/map-page.css'],
      'assets/layout.worker-C9r-lRkr.js',
    ]);
    expect(preloadRow(bundle, { ...route, worker: undefined })[3]).toBeNull();
    expect(() => preloadRow(bundle, { ...route, worker: 'other.worker' })).toThrow(/names no worker other\.worker/);
    expect(() => preloadRow(bundle, { ...route, module: 'src/nothing.tsx' })).toThrow(/no chunk for src\/nothing\.tsx/);
  });
});
