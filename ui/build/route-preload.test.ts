import { describe, expect, it } from 'vitest';
import type { Rolldown } from 'vite';
import { chunkFiles } from './route-preload';

const chunk = (fileName: string, imports: string[], isEntry = false) =>
  ({ type: 'chunk', fileName, imports, isEntry }) as unknown as Rolldown.OutputChunk;

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
});
