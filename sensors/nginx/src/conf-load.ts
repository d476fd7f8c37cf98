import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseNginxConf, type Directive } from './conf-parse.js';

export interface ConfReader {
  /** file text or null; `path` as nginx sees it */
  read(path: string): string | null;
  list(dir: string): string[];
}

/** Reads files as the nginx process sees them: through /proc/<pid>/root first (containers), then directly. */
export function procRootReader(root: string | undefined): ConfReader {
  const tryPaths = (p: string) => (root ? [`${root}${p}`, p] : [p]);
  return {
    read(path) {
      for (const p of tryPaths(path)) {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          /* next */
        }
      }
      return null;
    },
    list(dir) {
      for (const p of tryPaths(dir)) {
        try {
          return readdirSync(p);
        } catch {
          /* next */
        }
      }
      return [];
    },
  };
}

function globToRegExp(segment: string): RegExp {
  const src = segment
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${src}$`);
}

/** Expands `*`, `?` and `[...]` in any path segment (what nginx's include accepts), sorted like glob(3). */
export function expandGlob(pattern: string, reader: ConfReader): string[] {
  if (!/[*?[]/.test(pattern)) return [pattern];
  const parts = pattern.split('/');
  let paths = [parts[0] === '' ? '/' : parts[0]];
  for (const seg of parts.slice(1)) {
    if (seg === '') continue;
    const next: string[] = [];
    for (const base of paths) {
      if (!/[*?[]/.test(seg)) {
        next.push(join(base, seg));
        continue;
      }
      const re = globToRegExp(seg);
      for (const name of reader.list(base).sort()) if (!name.startsWith('.') && re.test(name)) next.push(join(base, name));
    }
    paths = next;
  }
  return paths;
}

const MAX_DEPTH = 10;

/** Loads the config file, expanding `include` directives in place (relative to the main file's dir). */
export function loadNginxConf(path: string, reader: ConfReader): { tree: Directive[]; files: string[] } {
  const files: string[] = [];
  const confDir = dirname(path);
  function load(file: string, depth: number): Directive[] {
    const text = reader.read(file);
    if (text === null || depth > MAX_DEPTH) return [];
    files.push(file);
    return expand(parseNginxConf(text, file), depth);
  }
  function expand(list: Directive[], depth: number): Directive[] {
    const out: Directive[] = [];
    for (const d of list) {
      if (d.name === 'include' && d.args[0]) {
        const pattern = isAbsolute(d.args[0]) ? d.args[0] : join(confDir, d.args[0]);
        for (const f of expandGlob(pattern, reader)) out.push(...load(f, depth + 1));
      } else {
        out.push(d.block ? { ...d, block: expand(d.block, depth) } : d);
      }
    }
    return out;
  }
  return { tree: load(path, 0), files };
}
