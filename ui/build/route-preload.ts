import type { Plugin, Rolldown } from 'vite';

type OutputBundle = Rolldown.OutputBundle;
type OutputChunk = Rolldown.OutputChunk;

/**
 * The routes a page is often opened on, and the lazy module each renders. Without help the browser learns of a
 * route's chunk only after the entry chunk has loaded and run (the router then imports it): on a first visit that
 * is two compile steps one after the other, then the route's stylesheet (the router waits for it), then the route's
 * Web Worker. The script this plugin puts in index.html's head before the entry script and the stylesheets (an inline
 * script after a stylesheet waits for it) asks for the opened route's chunk and its imports (`modulepreload`) and its stylesheets (`preload`:
 * the router adds them when the route loads, after the app's own, in the order the cascade expects) with the page,
 * and starts its worker (`window.__argusWorker`, taken by the route: src/features/map/use-layout.ts), so they
 * load and compile beside the entry chunk.
 */
export interface PreloadRoute {
  /** a regular expression source matched against location.pathname */
  path: string;
  /** the route module, relative to the ui folder, e.g. src/features/map/map-page.tsx */
  module: string;
  /** the module worker the route starts, by its source's base name (e.g. layout.worker for layout.worker.ts) */
  worker?: string;
}

/** What index.html loads for a route: the path's pattern, module chunks, stylesheets, the worker's script. */
export type PreloadRow = readonly [path: string, js: string[], css: string[], worker: string | null];

const cssOf = (c: OutputChunk): string[] => [...((c as { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata?.importedCss ?? [])];

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

/** The preload row of one route: its chunks, their stylesheets, and its worker's emitted file. */
export function preloadRow(bundle: OutputBundle, route: PreloadRoute): PreloadRow {
  const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
  const chunk = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith(`/${route.module}`));
  if (!chunk) throw new Error(`route-preload: no chunk for ${route.module}`);
  const js = chunkFiles(bundle, chunk);
  const css = [...new Set(js.flatMap((f) => cssOf(bundle[f] as OutputChunk)))];
  // Vite writes a worker's script apart from the bundle: its file is the one the route's code names
  let worker: string | null = null;
  if (route.worker) {
    const re = new RegExp(`assets/${route.worker.replace(/\./g, '\\.')}-[\\w-]+\\.js`);
    for (const f of js) worker ??= re.exec((bundle[f] as OutputChunk).code)?.[0] ?? null;
    if (!worker) throw new Error(`route-preload: the code of ${route.module} names no worker ${route.worker}`);
  }
  return [route.path, js, css, worker];
}

export function routePreload(routes: readonly PreloadRoute[]): Plugin {
  return {
    name: 'argus-route-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const table = routes.map((r) => preloadRow(ctx.bundle!, r));
        const script = `try {
  const r = ${JSON.stringify(table)}.find(([p]) => new RegExp(p).test(location.pathname));
  const link = (rel, f, as) => {
    const l = document.createElement('link');
    l.rel = rel;
    if (as) l.as = as;
    l.href = '/' + f;
    l.crossOrigin = '';
    document.head.append(l);
  };
  for (const f of r ? r[1] : []) link('modulepreload', f);
  for (const f of r ? r[2] : []) link('preload', f, 'style');
  if (r && r[3]) window.__argusWorker = { url: '/' + r[3], worker: new Worker('/' + r[3], { type: 'module' }) };
} catch {}`;
        // before the entry script and the stylesheet links (after the charset and the early data requests)
        const at = html.indexOf('<script type="module"');
        if (at < 0) throw new Error('route-preload: index.html has no module script');
        return `${html.slice(0, at)}<script>${script}</script>\n    ${html.slice(at)}`;
      },
    },
  };
}
