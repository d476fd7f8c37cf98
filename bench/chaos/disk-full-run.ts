/** The disk-full run of bench/chaos/disk-full.ts, shared with its shorter test (test/chaos/disk-full.test.ts). Needs root (mount). */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCollector } from '../../collector/testing/index.js';
import { countStored, freePort, newCredentials, newLoadStats, spanLoad, startCollectorProcess } from './collector-process.js';

const sleep = (ms: number) => new Promise((s) => setTimeout(s, ms));

/** appends until ENOSPC: the filesystem is then really full (tmpfs has no reserved blocks) */
function fill(file: string): number {
  const fd = openSync(file, 'a');
  const chunk = Buffer.alloc(64 * 1024, 1);
  let bytes = 0;
  try {
    for (;;) bytes += writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return bytes;
}

export interface DiskFullOptions {
  sizeMb: number;
  fullSeconds: number;
  rps: number;
  spans: number;
  /** copy the parts ClickHouse detached on restart into this directory (for inspection) */
  keepDetached?: string;
}

export async function runDiskFull(o: DiskFullOptions) {
  const mount = mkdtempSync(join(tmpdir(), 'argus-chaos-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${o.sizeMb}m`, 'tmpfs', mount]);
  const lines: string[] = [];
  let result;
  try {
    const dataDir = join(mount, 'data');
    const filler = join(mount, 'filler');
    const [ingestPort, apiPort] = [await freePort(), await freePort()];
    const creds = newCredentials();
    const load0 = loadavg()[0];
    const c = await startCollectorProcess({ dataDir, ingestPort, apiPort, ...creds });
    const phases = { before: newLoadStats(), full: newLoadStats(), after: newLoadStats() };
    let phase = 'before' as keyof typeof phases;
    let stop = false;
    const service = 'chaos-disk';
    const loading = spanLoad({
      url: () => c.ingestUrl,
      key: creds.key,
      service,
      requestsPerSecond: o.rps,
      spansPerRequest: o.spans,
      stop: () => stop,
      stats: () => phases[phase],
    });
    // while full: answers counted by outcome, the slowest answer, and the last failure (status and body, or error)
    const queries = { ok: 0, failed: 0, maxMs: 0, lastFailure: '' };
    const querying = (async () => {
      while (!stop) {
        const t0 = Date.now();
        try {
          const r = await fetch(`${c.apiUrl}/api/v1/services?from=${Date.now() - 3_600_000}`, {
            headers: { authorization: `Bearer ${creds.adminToken}` },
          });
          const body = await r.text();
          if (phase === 'full') {
            queries[r.ok ? 'ok' : 'failed']++;
            queries.maxMs = Math.max(queries.maxMs, Date.now() - t0);
            if (!r.ok) queries.lastFailure = `${r.status} ${body.slice(0, 300)}`;
          }
        } catch (e) {
          if (phase === 'full') {
            queries.failed++;
            queries.lastFailure = String(e);
          }
        }
        await sleep(500);
      }
    })();
    await sleep(10_000);
    phase = 'full';
    const filled = fill(filler);
    const free = statfsSync(mount);
    process.stderr.write(`filled ${filled >> 20} MiB, ${free.bavail * free.bsize} bytes left\n`);
    // the collector frees space as it goes (stored WAL segments are deleted): take it back at once, so the disk stays full
    let refilled = 0;
    const fullUntil = Date.now() + o.fullSeconds * 1000;
    while (Date.now() < fullUntil) {
      refilled += fill(filler);
      await sleep(50);
    }
    rmSync(filler);
    phase = 'after';
    const freedAt = Date.now();
    let recoveredMs = -1;
    while (Date.now() - freedAt < 120_000) {
      if ((phases.after.statuses['200'] ?? 0) > 0) {
        recoveredMs = Date.now() - freedAt;
        break;
      }
      await sleep(100);
    }
    await sleep(10_000);
    stop = true;
    await Promise.all([loading, querying]);
    c.child.kill('SIGTERM');
    await c.exited;
    const diskLog = c.log.filter((l) => /ENOSPC|space|disk|full/i.test(l)).slice(0, 3);
    // for a failure's message: the collector's warnings and errors, and what its log kept aside
    const problems = c.log.filter((l) => /"level":(4|5|6)0/.test(l)).map((l) => l.slice(0, 300));
    // parts a merge left broken on the full disk (collector/src/storage/disk-guard.ts)
    const repaired = c.log.filter((l) => l.includes('broken data part replaced')).length;
    const unrecoverable = c.log.filter((l) => l.includes('its rows could not be put back')).length;
    const quarantineDir = join(dataDir, 'wal', 'quarantine');
    const quarantined = existsSync(quarantineDir) ? readdirSync(quarantineDir) : [];
    const acked = new Set([...phases.before.acked, ...phases.full.acked, ...phases.after.acked]);
    const walLeft = readdirSync(join(dataDir, 'wal')).filter((f) => f.endsWith('.wal'));
    const check = await startTestCollector({ dataDir });
    let count = await countStored((sql) => check.deps.storage.query(sql), service, acked);
    for (let i = 0; i < 60 && count.lost > 0; i++) {
      await sleep(1000);
      count = await countStored((sql) => check.deps.storage.query(sql), service, acked);
    }
    // every table, not only the spans counted above: parts set aside as broken on restart, and parts that fail
    // their checksums (a merge on the full disk could leave either in any table, derived ones included)
    const detached = await check.deps.storage.query(`SELECT table, name, reason, path FROM system.detached_parts`);
    const tables = await check.deps.storage.query<{ name: string }>(
      `SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree%'`,
    );
    const failedChecks: string[] = [];
    for (const t of tables) {
      const rows = await check.deps.storage.query<{ part_path: string; is_passed: number; message: string }>(
        `CHECK TABLE \`${t.name}\` SETTINGS check_query_single_value_result = 0`,
      );
      for (const r of rows) if (Number(r.is_passed) !== 1) failedChecks.push(`${t.name}: ${r.part_path} ${r.message}`.slice(0, 300));
    }
    if (o.keepDetached && detached.length)
      execFileSync('cp', ['-a', ...detached.map((d) => String((d as { path: string }).path)), o.keepDetached]);
    await check.stop();
    const load1 = loadavg()[0];
    lines.push(
      '# Chaos: disk full (issue 20)',
      '',
      `\`node --import tsx bench/chaos/disk-full.ts --size-mb ${o.sizeMb} --full-seconds ${o.fullSeconds} --rps ${o.rps} --spans ${o.spans}\`,`,
      `${new Date().toISOString()}, load average ${load0.toFixed(1)} -> ${load1.toFixed(1)} (2 cores, shared). Data directory (embedded`,
      `ClickHouse + WAL) on a ${o.sizeMb} MiB tmpfs; filled with ${filled >> 20} MiB until ENOSPC and kept full for ${o.fullSeconds} s (space the`,
      `collector freed was taken back every 50 ms: ${refilled >> 20} MiB), then freed.`,
      '',
      '| phase | requests | statuses | with Retry-After |',
      '|---|---|---|---|',
      ...Object.entries(phases).map(([k, s]) => `| ${k} | ${s.requests} | ${JSON.stringify(s.statuses)} | ${s.retryAfter} |`),
      '',
      `Queries while full: ${queries.ok} answered, ${queries.failed} failed. Ingest acknowledged again ${recoveredMs < 0 ? 'NOT within 120 s' : `${recoveredMs} ms`} after space returned.`,
      `Spans acknowledged ${acked.size}, of them stored ${count.ackedStored}, lost ${count.lost}, duplicate rows ${count.duplicateRows} (rows of the service: ${count.rows}).`,
      `Broken merged parts repaired by the disk guard: ${repaired}; not repairable: ${unrecoverable}. After restart, in every table: parts detached ${detached.length}, parts failing CHECK TABLE ${failedChecks.length}.`,
      `Collector log lines about the disk: ${diskLog.length ? diskLog.map((l) => `\`${l.slice(0, 200)}\``).join('; ') : 'none'}`,
      '',
    );
    result = {
      phases,
      queries,
      recoveredMs,
      count,
      acked,
      diskLog,
      problems,
      quarantined,
      detached,
      failedChecks,
      walLeft,
      repaired,
      unrecoverable,
    };
  } finally {
    execFileSync('umount', ['-l', mount]);
    rmSync(mount, { recursive: true, force: true });
  }
  return { lines, ...result };
}
