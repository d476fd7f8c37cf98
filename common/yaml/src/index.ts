import { CORE_SCHEMA, loadAll, type LoadOptions } from 'js-yaml';

/** Why a YAML text was refused: `message` says where and why, in one line. */
export class YamlError extends Error {
  readonly code = 'YAML_INVALID';
}

export interface YamlLimits {
  /** longest text accepted, in UTF-8 bytes (default 1 MiB) */
  maxBytes?: number;
  /** most values (mappings, sequences, scalars) the document may hold with every alias expanded (default 200,000) */
  maxValues?: number;
  /** deepest nesting of mappings and sequences (default 100) */
  maxDepth?: number;
}

const MiB = 1024 * 1024;

/**
 * One YAML document (YAML 1.2 core schema: no timestamps, no custom tags, duplicate keys refused) from text Argus
 * did not write: agent.yaml, an alert configuration import. Bounded: by size, by nesting, and by the number of
 * values once aliases are expanded (js-yaml shares an alias's value instead of copying it, so a "billion laughs"
 * document parses small, and whatever walks it later, a schema validator, would walk every copy). An empty document
 * (nothing, or only comments) is null. js-yaml 4 parses ~15 MiB/s here (5.x ~2.5x slower), the `yaml` package
 * ~0.3-0.5 MiB/s (issue 20's bound: 100 ms per MiB). Throws YamlError.
 */
export function parseYaml(text: string, limits: YamlLimits = {}): unknown {
  const maxBytes = limits.maxBytes ?? MiB;
  const bytes = Buffer.byteLength(text);
  if (bytes > maxBytes) throw new YamlError(`${sizeOf(bytes)} is over the limit of ${sizeOf(maxBytes)}`);
  let docs: unknown[];
  try {
    // maxDepth: js-yaml 4.3's nesting bound (not in @types/js-yaml 4.0)
    const options: LoadOptions & { maxDepth: number } = { schema: CORE_SCHEMA, maxDepth: limits.maxDepth ?? 100 };
    docs = loadAll(text, null, options);
  } catch (e) {
    throw new YamlError((e as Error).message.split('\n')[0]);
  }
  if (docs.length > 1) throw new YamlError(`one document expected, found ${docs.length}`);
  const doc = docs[0] ?? null;
  const maxValues = limits.maxValues ?? 200_000;
  if (countValues(doc, maxValues) > maxValues) throw new YamlError(`more than ${maxValues} values with its aliases expanded`);
  return doc;
}

/**
 * Values in `v` with shared (aliased) values counted at every place they appear, stopping past `cap`. An alias
 * inside its own anchor's value (`&a [*a]`) makes a cycle: refused at once rather than counted to the cap.
 */
function countValues(v: unknown, cap: number): number {
  let n = 0;
  const path = new Set<object>();
  const walk = (x: unknown): void => {
    if (++n > cap || x === null || typeof x !== 'object') return;
    if (path.has(x)) throw new YamlError('an alias refers to a value that contains it (a cycle)');
    path.add(x);
    for (const item of Array.isArray(x) ? x : Object.values(x)) {
      walk(item);
      if (n > cap) break;
    }
    path.delete(x);
  };
  walk(v);
  return n;
}

const sizeOf = (b: number) => (b >= MiB ? `${(b / MiB).toFixed(1)} MiB` : `${Math.ceil(b / 1024)} KiB`);
