/**
 * A collector that always keeps up, for the delivery bench: accepts OTLP/HTTP traces and metrics (gzip or not),
 * answers 200 at once and counts the spans it received (walking the protobuf, no decoding). Prints
 * `SINK {"url":...}`; `COUNT` on stdin -> `SINKCOUNT {"spans":n,"requests":n}`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { createProtoReader } from '../../../common/otlp-wire/src/index.js';

let spans = 0;
let requests = 0;

function countSpans(body: Uint8Array): number {
  let n = 0;
  const top = createProtoReader(body);
  for (let f = top.next(); f !== 0; f = top.next()) {
    if (f !== 1) {
      top.skip();
      continue;
    }
    const len = top.length();
    const rs = createProtoReader(body, top.pos, top.pos + len);
    top.pos += len;
    for (let g = rs.next(); g !== 0; g = rs.next()) {
      if (g !== 2) {
        rs.skip();
        continue;
      }
      const l2 = rs.length();
      const ss = createProtoReader(body, rs.pos, rs.pos + l2);
      rs.pos += l2;
      for (let h = ss.next(); h !== 0; h = ss.next()) {
        if (h === 2) n++;
        ss.skip();
      }
    }
  }
  return n;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    requests++;
    if (req.url === '/v1/traces') {
      const raw = Buffer.concat(chunks);
      spans += countSpans(req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw);
    }
    res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`SINK ${JSON.stringify({ url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}` })}\n`);
});
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'COUNT') process.stdout.write(`SINKCOUNT ${JSON.stringify({ spans, requests })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
