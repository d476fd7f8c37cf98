/**
 * What authentication costs (issue 17): the same cheap API route answered for an API token, a session cookie and
 * (as the floor of the HTTP stack) the unauthenticated /health of the same port, sequential requests interleaved in
 * rounds; and what one sign-in costs (argon2id verification, the default @node-rs/argon2 parameters: m = 19 MiB,
 * t = 2, p = 1, OWASP's minimum). Prints a markdown report; `--out <file>` also writes it.
 *
 *   node --import tsx bench/accounts/run.ts [--requests 2000] [--rounds 5] [--logins 20] [--out bench/results/accounts.md]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Command } from 'commander';
import { startTestCollector } from '@argus/collector/testing';

const opts = new Command()
  .option('--requests <n>', 'sequential requests per kind and round', '2000')
  .option('--rounds <n>', 'interleaved rounds', '5')
  .option('--logins <n>', 'sign-ins timed', '20')
  .option('--out <file>', 'write the report here too')
  .parse()
  .opts<{ requests: string; rounds: string; logins: string; out?: string }>();

const PASSWORD = 'bench-password-0123456789';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const c = await startTestCollector({}, { authenticateFetch: false, accounts: { adminPassword: PASSWORD } });
try {
  const api = `${c.apiUrl}/api/v1`;
  const email = c.bootstrap.owner?.email ?? 'admin@argus.local';
  const login = async () => {
    const res = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
    return res.headers
      .getSetCookie()
      .map((s) => s.split(';')[0])
      .join('; ');
  };
  const cookie = await login();
  const kinds: Record<string, { url: string; headers: Record<string, string> }> = {
    'no auth (GET /health, floor of the HTTP stack)': { url: `${c.apiUrl}/health`, headers: {} },
    'API token (GET /api/v1/auth/session)': { url: `${api}/auth/session`, headers: { authorization: `Bearer ${c.adminToken}` } },
    'session cookie (GET /api/v1/auth/session)': { url: `${api}/auth/session`, headers: { cookie } },
  };
  const perKind: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  const n = Number(opts.requests);
  for (let round = 0; round < Number(opts.rounds); round++) {
    for (const [name, k] of Object.entries(kinds)) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const res = await fetch(k.url, { headers: k.headers });
        if (!res.ok) throw new Error(`${name}: ${res.status}`);
        await res.arrayBuffer();
      }
      perKind[name].push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
    }
  }
  const logins: number[] = [];
  for (let i = 0; i < Number(opts.logins); i++) {
    const t0 = performance.now();
    await login();
    logins.push(performance.now() - t0);
  }
  const floor = median(perKind[Object.keys(kinds)[0]]);
  const lines = [
    `# Accounts: cost of authentication (${new Date().toISOString().slice(0, 16)}Z, load average ${loadavg()[0].toFixed(2)})`,
    '',
    `Command: \`node --import tsx bench/accounts/run.ts --requests ${n} --rounds ${opts.rounds} --logins ${opts.logins}\`, embedded storage,`,
    'one client, sequential keep-alive requests, kinds interleaved per round; medians of the rounds.',
    '',
    '| request | µs per request (median of rounds) | above the floor |',
    '|---|---|---|',
    ...Object.keys(kinds).map((k) => {
      const m = median(perKind[k]);
      return `| ${k} | ${m.toFixed(0)} | ${k === Object.keys(kinds)[0] ? '-' : `${m >= floor ? '+' : ''}${(m - floor).toFixed(0)} µs (${(m / floor).toFixed(2)}x)`} |`;
    }),
    '',
    `Sign-in (POST /api/v1/auth/login, argon2id verify + session row): median ${median(logins).toFixed(1)} ms, p90 ${pct(logins, 0.9).toFixed(1)} ms over ${logins.length}.`,
    '',
  ];
  const report = lines.join('\n');
  console.log(report);
  if (opts.out) writeFileSync(opts.out, report);
} finally {
  await c.destroy();
}
