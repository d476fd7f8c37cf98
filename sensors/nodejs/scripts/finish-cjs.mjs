// Completes the CommonJS build in dist/cjs (the package itself is "type": "module"):
// marks the folder as CommonJS and writes the `--require @argus/nodejs/register` entry.
import { writeFileSync } from 'node:fs';

const dir = new URL('../dist/cjs/', import.meta.url);
writeFileSync(new URL('package.json', dir), '{ "type": "commonjs" }\n');
writeFileSync(
  new URL('register.cjs', dir),
  "'use strict';\n// node --require @argus/nodejs/register app.js (CommonJS apps)\nrequire('./index.js').startTracer();\n",
);
