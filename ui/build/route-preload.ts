import type { Plugin, Rolldown } from 'vite';

type OutputBundle = Rolldown.OutputBundle;
type OutputChunk = Rolldown.OutputChunk;

/**
 * The routes a page is often opened on, and the lazy module each renders. Without help the browser learns of a
 * route's chunk only after the entry chunk has loaded and run (the router then imports it): on a first visit that
 * is two compile steps one after the other. The script this plugin puts in index.html asks for the opened route's
 * chunk and its imports (`modulepreload`) with the page, so they load and compile beside the entry chunk.
 */
export interface PreloadRoute {
  /** a regular expression source matched against location.pathname */
  path: string;
  /** the route module, relative to the ui folder, e.g. src/features/map/map-page.tsx */
  module: string;
}

/**
 * The chunk files a chunk needs (itself and its static imports, transitively), without the entry chunk and what the
 * entry itself imports (index.html already preloads those).
 */
export function chunkFiles(bundle: OutputBundle, chunk: OutputChunk): string[] {
  const entry = new Set<string>();
  const collect = (c: OutputChunk, into: Set<string>, skip?: Set<string>) => {
    if (into.has(c.fileName) || skip?.has(c.fileName)) return;
    into.add(c.fileName);
    for (const i of c.imports) {
      const next = bundle[i];
      if (next?.type === 'chunk') collect(next, into, skip);
    }
  };
  for (const c of Object.values(bundle)) if (c.type === 'chunk' && c.isEntry) collect(c, entry);
  const files = new Set<string>();
  collect(chunk, files, entry);
  return [...files];
}

export function routePreload(routes: readonly PreloadRoute[]): Plugin {
  return {
    name: 'argus-route-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle) return [];
        const chunks = Object.values(ctx.bundle).filter((c): c is OutputChunk => c.type === 'chunk');
        const table = routes.map((r) => {
          const chunk = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith(`/${r.module}`));
          if (!chunk) throw new Error(`route-preload: no chunk for ${r.module}`);
          return [r.path, chunkFiles(ctx.bundle!, chunk)] as const;
        });
        const script = `try {
  const files = ${JSON.stringify(table)}.find(([p]) => new RegExp(p).test(location.pathname));
  for (const f of files ? files[1] : []) {
    const l = document.createElement('link');
    l.rel = 'modulepreload';
    l.href = '/' + f;
    document.head.append(l);
  }
} catch {}`;
        return [{ tag: 'script', children: script, injectTo: 'head' }];
      },
    },
  };
}
