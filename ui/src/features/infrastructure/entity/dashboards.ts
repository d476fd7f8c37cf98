import type { UnitKind } from './units';

/**
 * What each entity type's dashboard shows: charts of its sensor's metrics (docs/infrastructure.md, docs/sensors.md,
 * the Node.js tracer's runtime metrics) and the snapshot facts worth reading first. One entry per type; types
 * without one still get the generic "all metrics" list.
 */

export interface ChartSpec {
  title: string;
  /** one metric per line group; `label` names its series (with the series' attributes when there are several) */
  metrics: Array<{ metric: string; label?: string; attrs?: Record<string, string> }>;
  unit: UnitKind;
  /** only series whose attributes pass (e.g. CPU states worth showing) */
  keep?: (attrs: Record<string, string>) => boolean;
  /** the series' name from its attributes */
  name?: (attrs: Record<string, string>) => string;
  /** scale values before plotting (seconds of event-loop delay shown as ms, ...) */
  scale?: number;
  hint?: string;
}

export interface DashboardSpec {
  charts: ChartSpec[];
  /** attribute keys shown first among the facts, with a label */
  facts: Array<[key: string, label: string]>;
}

const devDir = (a: Record<string, string>) => [a.device, a.direction].filter(Boolean).join(' ');
const states =
  (...keep: string[]) =>
  (a: Record<string, string>) =>
    keep.includes(a.state);

const RUNTIME: ChartSpec[] = [
  { title: 'CPU', metrics: [{ metric: 'process.cpu.utilization', label: 'cpu' }], unit: 'percent', hint: 'share of the whole host' },
  { title: 'Resident memory', metrics: [{ metric: 'process.memory.usage', label: 'rss' }], unit: 'bytes' },
];

export const DASHBOARDS: Record<string, DashboardSpec> = {
  host: {
    charts: [
      {
        title: 'CPU usage',
        metrics: [{ metric: 'system.cpu.utilization' }],
        unit: 'percent',
        keep: states('user', 'system', 'iowait', 'steal'),
        name: (a) => a.state,
      },
      {
        title: 'Load average',
        metrics: [
          { metric: 'system.cpu.load_average.1m', label: '1 min' },
          { metric: 'system.cpu.load_average.5m', label: '5 min' },
          { metric: 'system.cpu.load_average.15m', label: '15 min' },
        ],
        unit: 'ratio',
      },
      {
        title: 'Memory',
        metrics: [{ metric: 'system.memory.usage' }],
        unit: 'bytes',
        keep: states('used', 'cached', 'buffers'),
        name: (a) => a.state,
      },
      { title: 'Disk I/O', metrics: [{ metric: 'system.disk.io' }], unit: 'bytesPerSec', name: devDir },
      { title: 'Filesystems used', metrics: [{ metric: 'system.filesystem.utilization' }], unit: 'percent', name: (a) => a.mountpoint },
      { title: 'Network', metrics: [{ metric: 'system.network.io' }], unit: 'bytesPerSec', name: devDir },
    ],
    facts: [
      ['host.name', 'Host name'],
      ['os.description', 'OS'],
      ['host.kernel', 'Kernel'],
      ['host.cpu.model', 'CPU model'],
      ['host.cpu.count', 'CPUs'],
      ['host.memory.total', 'Memory'],
      ['argus.zone', 'Zone'],
      ['cloud.provider', 'Cloud'],
      ['cloud.region', 'Region'],
      ['cloud.availability_zone', 'Availability zone'],
      ['host.type', 'Instance type'],
    ],
  },
  container: {
    charts: [
      {
        title: 'CPU',
        metrics: [
          { metric: 'container.cpu.time', label: 'used' },
          { metric: 'container.cpu.limit', label: 'limit' },
        ],
        unit: 'cores',
      },
      {
        title: 'Memory',
        metrics: [
          { metric: 'container.memory.working_set', label: 'working set' },
          { metric: 'container.memory.usage', label: 'usage' },
          { metric: 'container.memory.limit', label: 'limit' },
        ],
        unit: 'bytes',
      },
      { title: 'CPU throttling', metrics: [{ metric: 'container.cpu.throttling_data.throttled_time', label: 'throttled' }], unit: 'cores' },
      { title: 'Processes', metrics: [{ metric: 'container.pids.count', label: 'pids' }], unit: 'count' },
    ],
    facts: [
      ['container.name', 'Name'],
      ['container.image.name', 'Image'],
      ['container.runtime', 'Runtime'],
      ['k8s.namespace.name', 'Namespace'],
      ['k8s.pod.name', 'Pod'],
      ['container.id', 'Id'],
    ],
  },
  process: {
    charts: [
      ...RUNTIME,
      { title: 'Threads', metrics: [{ metric: 'process.thread.count', label: 'threads' }], unit: 'count' },
      { title: 'Open files', metrics: [{ metric: 'process.open_file_descriptor.count', label: 'fds' }], unit: 'count' },
      { title: 'Disk I/O', metrics: [{ metric: 'process.disk.io' }], unit: 'bytesPerSec', name: (a) => a.direction },
    ],
    facts: [
      ['process.pid', 'PID'],
      ['process.executable.name', 'Executable'],
      ['process.command_line', 'Command line'],
      ['process.user.id', 'User id'],
      ['process.start_time', 'Started'],
      ['container.id', 'Container'],
    ],
  },
  nodejs: {
    charts: [
      {
        title: 'Event loop delay',
        metrics: [
          { metric: 'nodejs.eventloop.delay.p50', label: 'p50' },
          { metric: 'nodejs.eventloop.delay.p99', label: 'p99' },
          { metric: 'nodejs.eventloop.delay.max', label: 'max' },
        ],
        unit: 'seconds',
      },
      { title: 'Event loop utilization', metrics: [{ metric: 'nodejs.eventloop.utilization', label: 'utilization' }], unit: 'percent' },
      {
        title: 'Heap',
        metrics: [
          { metric: 'nodejs.heap.used', label: 'used' },
          { metric: 'nodejs.heap.total', label: 'total' },
        ],
        unit: 'bytes',
      },
      {
        title: 'GC pause',
        metrics: [{ metric: 'nodejs.gc.pause' }],
        unit: 'cores',
        name: (a) => a['v8js.gc.type'] ?? 'gc',
        hint: 'seconds paused per second',
      },
      ...RUNTIME,
      {
        title: 'Handles and requests',
        metrics: [
          { metric: 'nodejs.active_handles', label: 'handles' },
          { metric: 'nodejs.active_requests', label: 'requests' },
        ],
        unit: 'count',
      },
    ],
    facts: [
      ['service.name', 'Service'],
      ['service.version', 'Version'],
      ['process.runtime.version', 'Node.js'],
      ['process.pid', 'PID'],
      ['process.command', 'Script'],
      ['telemetry.sdk.version', 'Tracer'],
    ],
  },
  postgres: {
    charts: [
      { title: 'Connections', metrics: [{ metric: 'postgres.connections' }], unit: 'count', name: (a) => a.state },
      {
        title: 'Transactions',
        metrics: [
          { metric: 'postgres.xact.commit.rate', label: 'commit' },
          { metric: 'postgres.xact.rollback.rate', label: 'rollback' },
        ],
        unit: 'perSec',
      },
      {
        title: 'Rows',
        metrics: [
          { metric: 'postgres.tuples.fetched.rate', label: 'fetched' },
          { metric: 'postgres.tuples.inserted.rate', label: 'inserted' },
          { metric: 'postgres.tuples.updated.rate', label: 'updated' },
          { metric: 'postgres.tuples.deleted.rate', label: 'deleted' },
        ],
        unit: 'perSec',
      },
      { title: 'Cache hit ratio', metrics: [{ metric: 'postgres.cache.hit_ratio.overall', label: 'hit ratio' }], unit: 'percent' },
      { title: 'Database size', metrics: [{ metric: 'postgres.db.size' }], unit: 'bytes', name: (a) => a.db },
      {
        title: 'Longest transaction and query',
        metrics: [
          { metric: 'postgres.xact.longest_s', label: 'transaction' },
          { metric: 'postgres.query.longest_s', label: 'query' },
        ],
        unit: 'seconds',
      },
    ],
    facts: [
      ['version', 'Version'],
      ['role', 'Role'],
      ['port', 'Port'],
      ['max_connections', 'Max connections'],
      ['shared_buffers', 'Shared buffers'],
      ['data_directory', 'Data directory'],
      ['databases', 'Databases'],
      ['pg_stat_statements', 'pg_stat_statements'],
      ['state', 'State'],
    ],
  },
  redis: {
    charts: [
      { title: 'Operations', metrics: [{ metric: 'redis.ops_per_s', label: 'ops' }], unit: 'perSec' },
      {
        title: 'Memory',
        metrics: [
          { metric: 'redis.memory.used', label: 'used' },
          { metric: 'redis.memory.rss', label: 'rss' },
        ],
        unit: 'bytes',
      },
      {
        title: 'Clients',
        metrics: [
          { metric: 'redis.clients.connected', label: 'connected' },
          { metric: 'redis.clients.blocked', label: 'blocked' },
        ],
        unit: 'count',
      },
      { title: 'Keyspace hit ratio', metrics: [{ metric: 'redis.keyspace.hit_ratio', label: 'hit ratio' }], unit: 'percent' },
      { title: 'Keys', metrics: [{ metric: 'redis.db.keys' }], unit: 'count', name: (a) => a.db },
      {
        title: 'Network',
        metrics: [
          { metric: 'redis.net.input', label: 'in' },
          { metric: 'redis.net.output', label: 'out' },
        ],
        unit: 'bytesPerSec',
      },
    ],
    facts: [
      ['version', 'Version'],
      ['mode', 'Mode'],
      ['role', 'Role'],
      ['port', 'Port'],
      ['maxmemory', 'Max memory'],
      ['maxmemory_policy', 'Eviction policy'],
      ['aof_enabled', 'AOF'],
      ['config_file', 'Config file'],
      ['state', 'State'],
    ],
  },
  nginx: {
    charts: [
      { title: 'Requests', metrics: [{ metric: 'nginx.requests.rate', label: 'requests' }], unit: 'perSec' },
      {
        title: 'Connections',
        metrics: [
          { metric: 'nginx.connections.active', label: 'active' },
          { metric: 'nginx.connections.reading', label: 'reading' },
          { metric: 'nginx.connections.writing', label: 'writing' },
          { metric: 'nginx.connections.waiting', label: 'waiting' },
        ],
        unit: 'count',
      },
      {
        title: 'Accepted and handled',
        metrics: [
          { metric: 'nginx.connections.accepted.rate', label: 'accepted' },
          { metric: 'nginx.connections.handled.rate', label: 'handled' },
        ],
        unit: 'perSec',
      },
      { title: 'Dropped connections', metrics: [{ metric: 'nginx.connections.dropped', label: 'dropped' }], unit: 'perSec' },
    ],
    facts: [
      ['version', 'Version'],
      ['port', 'Port'],
      ['workers', 'Workers'],
      ['config_path', 'Config'],
      ['listening_ports', 'Listening ports'],
      ['stub_status_url', 'stub_status'],
    ],
  },
};
