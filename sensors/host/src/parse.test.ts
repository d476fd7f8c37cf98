import { describe, expect, it } from 'vitest';
import { parseDiskstats } from './parse-diskstats.js';
import { memoryFacts, parseMeminfo } from './parse-meminfo.js';
import { parseFileNr, parseLoadavg, parseUptime } from './parse-misc.js';
import { parseMounts, selectFilesystems } from './parse-mounts.js';
import { parseNetDev } from './parse-net-dev.js';
import { parseProcStat } from './parse-stat.js';
import { parseCpuinfo, parseOsRelease } from './snapshot.js';

describe('host parsers (real-world samples)', () => {
  it('parses /proc/stat cpu lines and counters', () => {
    const s = parseProcStat(
      'cpu  3790 12 2749 228472 186 0 38 31 0 0\ncpu0 1766 5 1279 114535 37 0 10 13 0 0\ncpu1 2024 7 1470 113937 149 0 28 18 0 0\n' +
        'intr 244125 0 0\nctxt 537534\nbtime 1764170000\nprocesses 4321\nprocs_running 3\nprocs_blocked 1\n',
    );
    expect(s.cpus.map((c) => c.cpu)).toEqual(['total', '0', '1']);
    expect(s.cpus[0].ticks).toMatchObject({ user: 3790, nice: 12, system: 2749, idle: 228472, iowait: 186, softirq: 38, steal: 31 });
    expect(s).toMatchObject({ contextSwitches: 537534, processesCreated: 4321, procsRunning: 3, procsBlocked: 1, bootTime: 1764170000 });
  });

  it('computes memory like free(1)', () => {
    const m = memoryFacts(
      parseMeminfo(
        'MemTotal:       16318480 kB\nMemFree:         1166456 kB\nMemAvailable:    9581076 kB\nBuffers:          617444 kB\n' +
          'Cached:          7631184 kB\nSwapTotal:       2097148 kB\nSwapFree:        2096892 kB\nSReclaimable:     512000 kB\nHugePages_Total:       0\n',
      ),
    );
    expect(m.total).toBe(16318480 * 1024);
    expect(m.used).toBe((16318480 - 9581076) * 1024);
    expect(m.cached).toBe((7631184 + 512000) * 1024);
    expect(m.swapTotal - m.swapFree).toBe(256 * 1024);
  });

  it('estimates available memory on old kernels', () => {
    const m = memoryFacts(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 200 kB\n'));
    expect(m.available).toBe(350 * 1024);
  });

  it('selects real filesystems from /proc/mounts', () => {
    const mounts = parseMounts(
      [
        'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0',
        'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
        '/dev/nvme0n1p1 / ext4 rw,relatime,discard 0 0',
        '/dev/nvme0n1p1 /var/lib/kubelet/pods/x ext4 rw,relatime 0 0',
        '/dev/nvme1n1 /mnt/my\\040data xfs ro,relatime 0 0',
        'overlay /var/lib/docker/overlay2/abc/merged overlay rw,relatime,lowerdir=/a 0 0',
        'tmpfs /run tmpfs rw,nosuid,nodev 0 0',
        'fs-1.efs:/ /efs nfs4 rw,relatime 0 0',
        'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0',
      ].join('\n'),
    );
    const sel = selectFilesystems(mounts, { includeNetwork: false, excludeTypes: [] });
    expect(sel.map((m) => m.mountpoint)).toEqual(['/', '/mnt/my data']);
    expect(selectFilesystems(mounts, { includeNetwork: true, excludeTypes: ['xfs'] }).map((m) => m.mountpoint)).toEqual(['/', '/efs']);
  });

  it('parses diskstats and skips loop/ram devices', () => {
    const d = parseDiskstats(
      '   7       0 loop0 58 0 2246 12 0 0 0 0 0 28 12 0 0 0 0\n   1       0 ram0 0 0 0 0 0 0 0 0 0 0 0\n' +
        ' 259       0 nvme0n1 125734 31459 9284758 40215 893457 567243 41234550 1001230 0 432110 1045000 0 0 0 0 2121 3210\n',
      /^(loop|ram|fd|sr)\d+$/,
    );
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ device: 'nvme0n1', readsCompleted: 125734, sectorsRead: 9284758, writesCompleted: 893457, ioMs: 432110 });
  });

  it('parses /proc/net/dev', () => {
    const n = parseNetDev(
      'Inter-|   Receive                                                |  Transmit\n' +
        ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n' +
        '    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0\n' +
        '  eth0: 628089756   14736    2    5    0     0          0         0   854532    8634    1    3    0     0       0          0\n' +
        'veth1a2b: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n',
      /^(veth|cali).*/,
    );
    expect(n.map((i) => i.device)).toEqual(['lo', 'eth0']);
    expect(n[1]).toMatchObject({
      rxBytes: 628089756,
      rxPackets: 14736,
      rxErrors: 2,
      rxDropped: 5,
      txBytes: 854532,
      txPackets: 8634,
      txErrors: 1,
      txDropped: 3,
    });
  });

  it('parses loadavg, uptime, file-nr, os-release, cpuinfo', () => {
    expect(parseLoadavg('0.52 0.58 0.59 2/613 12345\n')).toEqual([0.52, 0.58, 0.59]);
    expect(parseUptime('350735.47 234388.90\n')).toBe(350735.47);
    expect(parseFileNr('9248\t0\t9223372036854775807\n')).toMatchObject({ allocated: 9248 });
    expect(parseOsRelease('NAME="Debian GNU/Linux"\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toMatchObject({
      VERSION_ID: '12',
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
    });
    expect(parseCpuinfo('processor\t: 0\nmodel name\t: Intel(R) Xeon(R)\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R)\n')).toEqual({
      model: 'Intel(R) Xeon(R)',
      count: 2,
    });
  });
});
