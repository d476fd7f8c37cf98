/** JavaScript per route from the Vite manifest: the entry with its static imports plus the route's lazy chunk and its imports, gzipped. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const ROUTES: Record<string, string> = {
  '/map (first route)': 'src/features/map/map-page.tsx',
  '/services': 'src/features/services/services-page.tsx',
  '/services/<name>': 'src/features/service/service-page.tsx',
  '/services/<name>/endpoints/<endpoint>': 'src/features/endpoint/endpoint-page.tsx',
  '/traces': 'src/features/traces/traces-page.tsx',
  '/traces/<id>': 'src/features/trace/trace-page.tsx',
};

export function routeBundles(dist: string): {
  entryGz: number;
  routes: Array<{ route: string; gz: number; raw: number; files: number }>;
  workerGz: number;
} {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  const size = new Map<string, { gz: number; raw: number }>();
  const sizeOf = (file: string) => {
    if (!size.has(file)) {
      const body = readFileSync(join(dist, file));
      size.set(file, { gz: gzipSync(body, { level: 9 }).length, raw: body.length });
    }
    return size.get(file)!;
  };
  const closure = (key: string, acc: Set<string>) => {
    const c = manifest[key];
    if (!c || acc.has(c.file)) return;
    acc.add(c.file);
    for (const i of c.imports ?? []) closure(i, acc);
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)!;
  const entry = new Set<string>();
  closure(entryKey, entry);
  const sum = (files: Set<string>) =>
    [...files]
      .filter((f) => f.endsWith('.js'))
      .reduce((a, f) => ({ gz: a.gz + sizeOf(f).gz, raw: a.raw + sizeOf(f).raw }), { gz: 0, raw: 0 });
  const routes = Object.entries(ROUTES).map(([route, src]) => {
    const files = new Set(entry);
    closure(src, files);
    const s = sum(files);
    return { route, gz: s.gz, raw: s.raw, files: [...files].filter((f) => f.endsWith('.js')).length };
  });
  // the layout worker is emitted as an asset of the map chunk (loaded by the map route only, runs off the main thread)
  const workerFile = readdirSync(join(dist, 'assets')).find((f) => f.startsWith('layout.worker'));
  const workerGz = workerFile ? sizeOf(`assets/${workerFile}`).gz : 0;
  return { entryGz: sum(entry).gz, routes, workerGz };
}
