import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The peers measured against eum.js: npm packages and a typical setup entry for each (what a site would ship). */
export const PEERS: Array<{ name: string; pkg: string; entry: string }> = [
  {
    name: 'web-vitals (vitals only)',
    pkg: 'web-vitals',
    entry: `import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
const r = (m) => navigator.sendBeacon('/x', JSON.stringify(m));
onCLS(r); onFCP(r); onINP(r); onLCP(r); onTTFB(r);`,
  },
  {
    name: '@grafana/faro-web-sdk',
    pkg: '@grafana/faro-web-sdk',
    entry: `import { initializeFaro, getWebInstrumentations } from '@grafana/faro-web-sdk';
initializeFaro({ url: 'https://collector.example.com/collect', app: { name: 'bench' }, instrumentations: getWebInstrumentations() });`,
  },
  {
    name: '@sentry/browser (errors only)',
    pkg: '@sentry/browser',
    entry: `import * as Sentry from '@sentry/browser';
Sentry.init({ dsn: 'https://key@o0.ingest.sentry.io/0' });`,
  },
  {
    name: '@sentry/browser (errors + tracing)',
    pkg: '@sentry/browser',
    entry: `import * as Sentry from '@sentry/browser';
Sentry.init({ dsn: 'https://key@o0.ingest.sentry.io/0', integrations: [Sentry.browserTracingIntegration()], tracesSampleRate: 1 });`,
  },
  {
    name: '@datadog/browser-rum',
    pkg: '@datadog/browser-rum',
    entry: `import { datadogRum } from '@datadog/browser-rum';
datadogRum.init({ applicationId: 'app', clientToken: 'token', site: 'datadoghq.com', service: 'bench', trackResources: true, trackLongTasks: true, trackUserInteractions: true });`,
  },
  {
    name: '@elastic/apm-rum',
    pkg: '@elastic/apm-rum',
    entry: `import { init } from '@elastic/apm-rum';
init({ serviceName: 'bench', serverUrl: 'https://apm.example.com' });`,
  },
];

/** Installs the peers (latest from npm) into a temp dir once; `EUM_BENCH_PEERS_DIR` overrides the dir. */
export function installPeers(): { dir: string; versions: Record<string, string> } {
  const dir = process.env.EUM_BENCH_PEERS_DIR ?? join(tmpdir(), 'argus-eum-bench-peers');
  mkdirSync(dir, { recursive: true });
  const missing = [...new Map(PEERS.map((p) => [p.pkg, p])).values()].filter(
    (p) => !existsSync(join(dir, 'node_modules', p.pkg, 'package.json')),
  );
  if (missing.length) {
    if (!existsSync(join(dir, 'package.json')))
      writeFileSync(join(dir, 'package.json'), '{"name":"argus-eum-bench-peers","private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...missing.map((p) => `${p.pkg}@latest`)], {
      cwd: dir,
      stdio: 'inherit',
    });
  }
  const versions: Record<string, string> = {};
  for (const p of PEERS) {
    versions[p.pkg] = (JSON.parse(readFileSync(join(dir, 'node_modules', p.pkg, 'package.json'), 'utf8')) as { version: string }).version;
  }
  return { dir, versions };
}
