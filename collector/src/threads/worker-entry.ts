import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * The start code of a worker thread running `module` (a URL next to the caller, `.ts` in the sources, `.js` when
 * built), for `new Worker(code, { eval: true })`. The collector runs from its TypeScript sources, and a worker thread
 * does not inherit the parent's loader: it imports a `.ts` module through tsx's API. A module that fails to load ends
 * the thread with exit code 1 (the owner sees it die and decides what to do).
 */
export function workerEntry(module: URL): { code: string } {
  const fail = '.catch((e) => { console.error(e); process.exit(1); })';
  if (!module.pathname.endsWith('.ts')) return { code: `import(${JSON.stringify(module.href)})${fail};` };
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/index\.cjs$/, 'index.mjs'),
  );
  return {
    code: `import(${JSON.stringify(api.href)}).then((m) => m.tsImport(${JSON.stringify(module.href)}, ${JSON.stringify(import.meta.url)}))${fail};`,
  };
}

/** `name` next to `base` with the extension `base` has (`.ts` when running from sources, `.js` when built). */
export const siblingModule = (name: string, base: string): URL => new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
