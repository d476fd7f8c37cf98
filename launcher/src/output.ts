/** The start command's console output: progress while starting, then where everything is. */
export interface Output {
  step(message: string): void;
  ok(message: string): void;
  warn(message: string): void;
  fail(message: string): void;
  from(component: string, message: string): void;
  raw(text: string): void;
}

export function createOutput(write: (text: string) => void = (t) => process.stdout.write(t)): Output {
  const color = process.stdout.isTTY && !process.env.NO_COLOR;
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return {
    step: (m) => write(`  ${paint(36, '…')} ${m}\n`),
    ok: (m) => write(`  ${paint(32, '✓')} ${m}\n`),
    warn: (m) => write(`  ${paint(33, '!')} ${m}\n`),
    fail: (m) => write(`  ${paint(31, '✗')} ${m}\n`),
    from: (component, m) => write(`    ${paint(90, `${component}:`)} ${m}\n`),
    raw: (t) => write(t),
  };
}

export interface Summary {
  apiUrl: string;
  ingestUrl: string;
  agentUrl?: string;
  /** shown only on the start that created them */
  ingestKey?: string;
  adminToken?: string;
  /** the owner account, when this start created it (password undefined: it came from ARGUS_ADMIN_PASSWORD) */
  owner?: { email: string; password?: string };
  /** where the ingest key and the admin token are kept */
  stateFile: string;
  dataDir: string;
  logDir: string;
  demo?: { storefrontUrl: string; stores: { catalog: string; carts: string }; eum: boolean; visitorSkipped?: string };
}

export function renderSummary(s: Summary): string {
  const rows: Array<[string, string]> = [
    ['UI', `${s.apiUrl}/   dependency map, services, traces (open it in a browser)`],
    ['Query API', `${s.apiUrl}/api/v1   e.g. ${s.apiUrl}/api/v1/services (Authorization: Bearer <API token>)`],
    ['Ingest', `${s.ingestUrl}   OTLP/HTTP /v1/traces /v1/metrics /v1/logs, EUM script ${s.ingestUrl}/eum.js`],
  ];
  if (s.owner) {
    rows.push([
      'Log in',
      `${s.owner.email} / ${s.owner.password ?? '(your ARGUS_ADMIN_PASSWORD)'}${s.owner.password ? '   (shown only now)' : ''}`,
    ]);
  } else rows.push(['Log in', 'with your account (the owner account was printed at the first start)']);
  if (s.ingestKey) rows.push(['Ingest key', `${s.ingestKey}   (Authorization: Bearer <key>; kept in ${s.stateFile})`]);
  if (s.adminToken) rows.push(['Admin token', `${s.adminToken}   (instance admin for the API; kept in ${s.stateFile})`]);
  if (!s.ingestKey || !s.adminToken) rows.push(['Credentials', `ingest key and admin token in ${s.stateFile}`]);
  if (s.agentUrl) rows.push(['Agent', `${s.agentUrl}   apps: node --import @argus/nodejs/register app.js`]);
  if (s.demo) {
    const d = s.demo;
    rows.push(['Demo shop', `${d.storefrontUrl}   (catalog: ${d.stores.catalog}, carts: ${d.stores.carts}, EUM ${d.eum ? 'on' : 'off'})`]);
  }
  rows.push(['Data', `${s.dataDir}   logs in ${s.logDir}`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = ['', 'Argus is running.', ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)];
  if (s.demo) {
    lines.push(
      '',
      s.demo.visitorSkipped
        ? `Open ${s.demo.storefrontUrl} in a browser to send real page loads (headless visitor off: ${s.demo.visitorSkipped}).`
        : 'A headless Chromium visitor browses the shop, so page loads and browser errors arrive as real EUM beacons.',
    );
    lines.push('The load generator sends steady traffic with some errors and a slow endpoint (GET /api/shipping/quote).');
  }
  lines.push('', 'Press Ctrl-C to stop everything.', '');
  return lines.join('\n');
}
