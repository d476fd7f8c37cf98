// Delivery bench load: a process traced by the Argus tracer (started with `--require @argus/nodejs/register`) that
// records SPANS_PER_SECOND server spans shaped like a real request's (the attributes of the HTTP server span), for
// SECONDS, through the OpenTelemetry API. Then it flushes and prints `GENERATED {"spans":n,"stats":{...},"cpuUs":n}`.
const { createRequire } = require('node:module');
const { join } = require('node:path');

// the API package the tracer itself uses (the bench has no dependency of its own on it)
const { trace, SpanKind } = createRequire(join(__dirname, '..', '..', '..', 'sensors', 'nodejs', 'package.json'))('@opentelemetry/api');
const { startTracer } = require('@argus/nodejs');

const rate = Number(process.env.SPANS_PER_SECOND ?? 20000);
const seconds = Number(process.env.SECONDS ?? 10);
const tracerHandle = startTracer();
const tracer = trace.getTracer('@argus/bench/delivery', '1.0.0');
let made = 0;
const start = Date.now();
const cpu0 = process.cpuUsage();

function tick() {
  const elapsed = (Date.now() - start) / 1000;
  if (elapsed >= seconds) return finish();
  const due = Math.min(Math.floor(elapsed * rate), Math.floor(seconds * rate));
  for (; made < due; made++) {
    const span = tracer.startSpan('GET', {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'url.scheme': 'http',
        'server.address': '127.0.0.1',
        'network.peer.address': '127.0.0.1',
        'network.peer.port': 40000 + (made % 20000),
        'network.protocol.version': '1.1',
        'user_agent.original': 'delivery-bench/1.0',
        'url.path': `/orders/${made % 1000}`,
        'client.address': '127.0.0.1',
        'server.port': 8080,
      },
    });
    span.setAttribute('http.response.status_code', 200);
    span.setAttribute('http.route', '/orders/:id');
    span.updateName('GET /orders/:id');
    span.end();
  }
  setTimeout(tick, 5);
}

async function finish() {
  const cpu = process.cpuUsage(cpu0);
  await tracerHandle.flush();
  process.stdout.write(`GENERATED ${JSON.stringify({ spans: made, stats: tracerHandle.stats, cpuUs: cpu.user + cpu.system })}\n`);
  setTimeout(() => process.exit(0), 100);
}

process.stdout.write('READY\n');
tick();
