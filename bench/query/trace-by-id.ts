/**
 * Trace by id at 100 / 1,000 / 10,000 spans, and trace and span search beside a day of background spans.
 * Each collector runs in its own process (trace-by-id-server.ts; background: the query benchmark's 20-service shop,
 * default 1M spans, loaded straight into `spans`); the three traces (trace-gen.ts) go through its real OTLP ingest.
 * Then every case is timed over HTTP, the answer read whole, median of --runs after one warm-up.
 *
 *   flock /tmp/argus-bench.lock node --import tsx bench/query/trace-by-id.ts [--compare <git rev>] [--runs 7] [--background 1000000]
 *
 * With --compare, <rev>'s collector/ is extracted to a temporary directory and started beside the working tree's,
 * both get the same traces, and the requests alternate between the two (same data, same machine, same moment: the
 * ratio holds on a noisy machine); the report goes to bench/results/trace-by-id.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeTrace, sendTrace } from './trace-gen.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    background: { type: 'string', default: '1000000' },
    compare: { type: 'string' },
  },
});
const runs = Number(values.runs);
const SIZES = [100, 1_000, 10_000];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
const repo = fileURLToPath(new URL('../..', import.meta.url));
/** CPU time (ms, user + system, every thread: ClickHouse's included) a process has used */
const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

interface Server {
  label: string;
  apiUrl: string;
  ingestUrl: string;
  ingestKey: string;
  adminToken: string;
  proc: ChildProcess;
}

async function startServer(label: string, collectorDir?: string): Promise<Server> {
  const args = ['--import', 'tsx', fileURLToPath(new URL('./trace-by-id-server.ts', import.meta.url)), '--background', values.background];
  if (collectorDir) args.push('--collector', collectorDir);
  const proc = spawn(process.execPath, args, { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`${label}: collector exited ${String(code)}`)));
  });
  return { label, proc, ...(JSON.parse(first) as Omit<Server, 'label' | 'proc'>) };
}

async function stopServer(s: Server): Promise<void> {
  const exited = new Promise((r) => s.proc.once('exit', r));
  s.proc.stdin!.end();
  await exited;
}

async function get(s: Server, path: string, init: RequestInit = {}): Promise<ArrayBuffer> {
  const res = await fetch(`${s.apiUrl}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${s.adminToken}` } });
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${s.label} ${path} -> ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
  return body;
}
const spansIn = (body: ArrayBuffer) => (JSON.parse(Buffer.from(body).toString()) as { spans: unknown[] }).spans.length;

/** <rev>'s collector/ in a temporary directory, resolving its dependencies from the working tree's node_modules. */
function extract(rev: string): { dir: string; sha: string } {
  const sha = execFileSync('git', ['rev-parse', '--short', rev], { cwd: repo, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'argus-trace-base-'));
  execFileSync('sh', ['-c', `git archive ${sha} collector | tar -x -C ${dir}`], { cwd: repo });
  symlinkSync(join(repo, 'collector/node_modules'), join(dir, 'collector/node_modules'));
  return { dir, sha };
}

const base = values.compare ? extract(values.compare) : undefined;
const loadStart = load();
const servers = await Promise.all([
  ...(base ? [startServer(`base ${base.sha}`, join(base.dir, 'collector'))] : []),
  startServer('working tree'),
]);
try {
  const now = Date.now();
  const traces = SIZES.map((n, i) => ({ n, t: makeTrace(n, now - (20 - 5 * i) * 60_000) }));
  for (const s of servers) for (const { t } of traces) await sendTrace(s.ingestUrl, s.ingestKey, t);
  // acknowledged means written ahead: wait until each trace answers whole
  for (const s of servers)
    for (const { n, t } of traces)
      for (let i = 0; spansIn(await get(s, `/traces/${t.traceId}`)) !== n; i++) {
        if (i > 240) throw new Error(`${s.label}: trace of ${n} spans not stored after 120 s`);
        await new Promise((r) => setTimeout(r, 500));
      }
  // one part per partition, as a day-old table has after merges
  for (const s of servers) await get(s, '/storage/optimize?table=spans', { method: 'POST' });
  const hour = `from=${now - 3_600_000}&to=${now}`;
  const day = `from=${now - 86_400_000}&to=${now}`;
  // [label, path, the base's path when it differs (a route the base does not have: what it answered instead)]
  const cases: Array<[string, string, string?]> = [
    ...traces.map(({ n, t }): [string, string] => [`trace by id, ${n.toLocaleString('en')} spans`, `/traces/${t.traceId}`]),
    ['trace by id, 10,000 spans, with tree=true', `/traces/${traces[2].t.traceId}?tree=true`],
    // the trace view's first answer: the lean waterfall (base: the full answer it read before)
    ...traces.map(({ n, t }): [string, string, string] => [
      `trace view, ${n.toLocaleString('en')} spans: waterfall${base ? ' (base: full answer)' : ''}`,
      `/traces/${t.traceId}/waterfall`,
      `/traces/${t.traceId}`,
    ]),
    ['one span in full (trace view details), 10,000-span trace', `/traces/${traces[2].t.traceId}/spans/${traces[2].t.spans[5000].spanId}`],
    ['trace search, no filter, last hour', `/traces?${hour}`],
    ['trace search, service, 24 h, slowest', `/traces?service=payments&sort=slowest&${day}`],
    ['trace search, attribute (customer.tier), 24 h', `/traces?attr.customer.tier=gold&${day}`],
    [
      'trace search, endpoint + min duration, 24 h',
      `/traces?service=checkout&endpoint=${encodeURIComponent('POST /checkout')}&minDuration=50&${day}`,
    ],
    ['span search, no filter, last hour (100)', `/spans?${hour}`],
    ['span search, service, 24 h, slowest (100)', `/spans?service=payments&order=slowest&${day}`],
    ['span search, attribute (user.id=4242), 24 h (100)', `/spans?attr.user.id=4242&${day}`],
    ['span search, errors, 24 h, 1,000 per page', `/spans?status=error&limit=1000&${day}`],
    ['trace scatter, last hour', `/trace-scatter?${hour}`],
  ];
  const rows: string[] = [];
  const head =
    servers.length > 1
      ? '| case | base ms | new ms | new / base | base CPU ms | new CPU ms | CPU new / base | base KB | new KB |'
      : '| case | median ms | min ms | CPU ms | KB |';
  rows.push(
    head,
    `|${head
      .split('|')
      .slice(1, -1)
      .map((_, i) => (i ? '---:' : '---'))
      .join('|')}|`,
  );
  for (const [label, path, basePath] of cases) {
    const times = servers.map(() => [] as number[]);
    const cpu = servers.map(() => [] as number[]);
    const pathOf = (k: number) => (base && k === 0 && basePath ? basePath : path);
    const bytes = await Promise.all(servers.map(async (s, k) => (await get(s, pathOf(k))).byteLength)); // warm-up
    for (let i = 0; i < runs; i++)
      for (const [k, s] of servers.entries()) {
        const c0 = cpuMs(s.proc.pid!);
        const t0 = performance.now();
        await get(s, pathOf(k));
        times[k].push(performance.now() - t0);
        cpu[k].push(cpuMs(s.proc.pid!) - c0);
      }
    const m = times.map(median);
    const c = cpu.map(median);
    const kb = (b: number) => Math.round(b / 1e3).toLocaleString('en');
    rows.push(
      servers.length > 1
        ? `| ${label} | ${m[0].toFixed(1)} | ${m[1].toFixed(1)} | ${(m[1] / m[0]).toFixed(2)} | ${c[0]} | ${c[1]} | ${c[0] ? (c[1] / c[0]).toFixed(2) : '–'} | ${kb(bytes[0])} | ${kb(bytes[1])} |`
        : `| ${label} | ${m[0].toFixed(1)} | ${Math.min(...times[0]).toFixed(1)} | ${c[0]} | ${kb(bytes[0])} |`,
    );
    console.log(rows[rows.length - 1]);
  }
  const lines = [
    '# Trace by id and search (bench/query/trace-by-id.ts)',
    '',
    `\`flock /tmp/argus-bench.lock node --import tsx bench/query/trace-by-id.ts${values.compare ? ` --compare ${values.compare}` : ''} --runs ${runs} --background ${values.background}\``,
    `— ${new Date().toISOString()}, 2 cores shared with other work, load average (1/5/15 min) ${loadStart} at start, ${load()} at the end.`,
    `Each collector in its own process (embedded chDB, ${Number(values.background).toLocaleString('en')} background spans over 24 h plus the three`,
    'traces through OTLP/JSON ingest, spans merged); each cell the median of',
    `${runs} requests after a warm-up, the answer read whole over loopback HTTP${servers.length > 1 ? `; base ${base!.sha} and the working tree side by side, requests alternating` : ''}.`,
    "CPU ms: the collector process's CPU time (all threads, ClickHouse included; 10 ms ticks) per request, median: less",
    'sensitive than wall time to what else runs on the machine.',
    '',
    ...rows,
  ];
  console.log(lines.join('\n'));
  if (base) writeFileSync(new URL('../results/trace-by-id.md', import.meta.url), lines.join('\n') + '\n');
} finally {
  await Promise.all(servers.map(stopServer));
  if (base) rmSync(base.dir, { recursive: true, force: true });
}
