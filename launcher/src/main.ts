import { parseStartOptions } from './options.js';
import { createOutput } from './output.js';
import { repoRoot } from './paths.js';
import { runStart } from './run.js';

/** `pnpm start [--demo] [...]`: see `pnpm start --help`. */
const opts = parseStartOptions(process.argv.slice(2));
const code = await runStart(opts, createOutput(), repoRoot);
process.exit(code);
