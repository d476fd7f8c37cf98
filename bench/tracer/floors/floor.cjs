// The floor of per-request tracing on this Node.js: the least any tracer must do for a server span, in parts, to
// be preloaded into an untraced app (`--require`) and measured against it with bench/tracer/quick.ts, e.g.
//   QUICK_CONCURRENT=1 node --import tsx bench/tracer/quick.ts \
//     "untraced,untraced:NODE_OPTIONS=--require ./bench/tracer/floors/floor.cjs;FLOOR=record+context+ids" 2000 4 12
// FLOOR lists the parts, `+`-separated:
//   record   a small record per request from the http.server.request.start diagnostics channel, ended by one
//            shared 'close' listener on the response and kept in a list (cleared every 200 ms, as a buffer would)
//   context  AsyncLocalStorage.enterWith(record) per request: what any context propagation costs on Node 20
//            (it turns on async_hooks, so every async resource created afterwards runs an init hook)
//   ids      a trace id and a span id (hex, from a pooled random buffer) and the server span's attribute object
// With no part, the subscriber does nothing (what publishing on the channel costs).
'use strict';
const dc = require('node:diagnostics_channel');
const crypto = require('node:crypto');
const { AsyncLocalStorage } = require('node:async_hooks');
const { performance } = require('node:perf_hooks');

const parts = new Set((process.env.FLOOR ?? '').split('+').filter(Boolean));
// read once: the subscriber runs on every request, and its own cost is what is measured
const withRecord = parts.has('record');
const withContext = parts.has('context');
const withIds = parts.has('ids');
const als = new AsyncLocalStorage();
const kRecord = Symbol('floor.record');
const pool = Buffer.alloc(8192);
let offset = pool.length;
let ended = [];

function hex(bytes) {
  if (offset + bytes > pool.length) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  const s = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return s;
}

function onClose() {
  const r = this[kRecord];
  this[kRecord] = undefined;
  r.end = performance.now();
  r.status = this.statusCode;
  ended.push(r);
}

function onStart(message) {
  if (!withRecord && !withContext && !withIds) return;
  const { request: req, response: res, socket } = message;
  const r = { name: req.method, start: performance.now(), end: -1, status: 0, traceId: '', spanId: '', attrs: undefined };
  if (withIds) {
    const h = req.headers;
    r.traceId = hex(16);
    r.spanId = hex(8);
    r.attrs = {
      'http.request.method': req.method,
      'url.scheme': 'http',
      'server.address': h.host,
      'network.peer.address': socket.remoteAddress,
      'network.peer.port': socket.remotePort,
      'network.protocol.version': req.httpVersion,
      'user_agent.original': h['user-agent'],
      'url.path': req.url,
    };
  }
  if (withRecord) {
    res[kRecord] = r;
    res.on('close', onClose);
  }
  if (withContext) als.enterWith(r);
}

dc.subscribe('http.server.request.start', onStart);
setInterval(() => {
  ended = [];
}, 200).unref();
