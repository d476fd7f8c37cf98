// Steady load for the alert scenarios, in its own process: GET <url>/work at RPS requests per second (at most
// INFLIGHT at once, each with a 30 s timeout: users of a slow service wait), counting answers by status class and reporting them to the parent
// over IPC every 500 ms. A separate process, so the load does not slow down with the in-process collector's event
// loop (real users do not share it). The URL may change (a restarted service): the parent sends { url }.
import http from 'node:http';

let url = process.env.URL;
const rps = Number(process.env.RPS || 10);
const maxInflight = Number(process.env.INFLIGHT || 100);
const agent = new http.Agent({ keepAlive: true, maxSockets: maxInflight });
const stats = { sent: 0, ok: 0, failed: 0, inflight: 0 };

function one() {
  if (stats.inflight >= maxInflight) return;
  stats.inflight++;
  stats.sent++;
  let done = false;
  const finish = (ok) => {
    if (done) return;
    done = true;
    stats.inflight--;
    if (ok) stats.ok++;
    else stats.failed++;
  };
  const req = http.get(`${url}/work`, { agent, timeout: 30_000 }, (res) => {
    res.resume();
    res.on('end', () => finish(res.statusCode >= 200 && res.statusCode < 300));
    res.on('error', () => finish(false));
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => finish(false));
}

// requests spread over each second; a late timer catches up (bounded by INFLIGHT)
const start = performance.now();
let due = 0;
setInterval(() => {
  const target = Math.floor(((performance.now() - start) / 1000) * rps);
  for (; due < target; due++) one();
}, 20);
setInterval(() => process.send?.({ ...stats }), 500);
process.on('message', (m) => {
  if (m && typeof m === 'object' && typeof m.url === 'string') url = m.url;
});
process.on('disconnect', () => process.exit(0));
