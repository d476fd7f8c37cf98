import { ArgusError } from '../../errors.js';
import type { Storage } from '../../storage/storage.js';
import { tsvMillis, tsvString } from '../../storage/tsv.js';
import { createVersionClock } from '../store/ids.js';
import type { AlertEvent } from './types.js';

const COLUMNS = [
  'tenant',
  'id',
  'type',
  'kind',
  'severity',
  'state',
  'acknowledged',
  'title',
  'text',
  'entity_id',
  'entity_type',
  'entity_name',
  'service',
  'rule_id',
  'incident_id',
  'start_time',
  'end_time',
  'details',
  'updated_at',
  'version',
];

interface Row {
  tenant: string;
  id: string;
  type: AlertEvent['type'];
  kind: string;
  severity: AlertEvent['severity'];
  state: AlertEvent['state'];
  acknowledged: boolean | number;
  title: string;
  text: string;
  entity_id: string;
  entity_type: string;
  entity_name: string;
  service: string;
  rule_id: string;
  incident_id: string;
  start_ms: string;
  end_ms: string | null;
  details: string;
  updated_ms: string;
}

const SELECT = `SELECT tenant, id, type, kind, severity, state, acknowledged, title, text, entity_id, entity_type, entity_name, service, rule_id,
  incident_id, toString(toUnixTimestamp64Milli(start_time)) AS start_ms, if(isNull(end_time), NULL, toString(toUnixTimestamp64Milli(assumeNotNull(end_time)))) AS end_ms,
  details, toString(toUnixTimestamp64Milli(updated_at)) AS updated_ms FROM alert_events FINAL`;

const fromRow = (r: Row): AlertEvent => ({
  id: r.id,
  tenant: r.tenant,
  type: r.type,
  kind: r.kind,
  severity: r.severity,
  state: r.state,
  acknowledged: r.acknowledged === true || Number(r.acknowledged) === 1,
  title: r.title,
  text: r.text,
  entity: { id: r.entity_id, type: r.entity_type, name: r.entity_name },
  service: r.service,
  ruleId: r.rule_id,
  incidentId: r.incident_id,
  startMs: Number(r.start_ms),
  endMs: r.end_ms === null ? null : Number(r.end_ms),
  details: JSON.parse(r.details || '{}') as Record<string, unknown>,
  updatedAt: Number(r.updated_ms),
});

export interface EventFilter {
  type?: string;
  severity?: string;
  state?: string;
  entity?: string;
  service?: string;
  incident?: string;
  from: number;
  to: number;
  limit: number;
}

/** Events in ClickHouse: every state change is a new row (highest version wins); reads use FINAL. */
export function createEventStore(storage: Storage) {
  const version = createVersionClock();
  return {
    async write(events: AlertEvent[]): Promise<void> {
      if (!events.length) return;
      const body = events
        .map((e) =>
          [
            tsvString(e.tenant),
            tsvString(e.id),
            tsvString(e.type),
            tsvString(e.kind),
            tsvString(e.severity),
            tsvString(e.state),
            e.acknowledged ? '1' : '0',
            tsvString(e.title),
            tsvString(e.text),
            tsvString(e.entity.id),
            tsvString(e.entity.type),
            tsvString(e.entity.name),
            tsvString(e.service),
            tsvString(e.ruleId),
            tsvString(e.incidentId),
            tsvMillis(e.startMs),
            e.endMs === null ? '\\N' : tsvMillis(e.endMs),
            tsvString(JSON.stringify(e.details)),
            tsvMillis(e.updatedAt),
            String(version()),
          ].join('\t'),
        )
        .join('\n');
      await storage.insertTsv('alert_events', COLUMNS, body + '\n');
    },
    async list(tenant: string, f: EventFilter): Promise<AlertEvent[]> {
      const where = [
        'tenant = {tenant:String}',
        'start_time <= fromUnixTimestamp64Milli({to:Int64})',
        '(end_time IS NULL OR end_time >= fromUnixTimestamp64Milli({from:Int64}))',
      ];
      if (f.type) where.push('type = {type:String}');
      if (f.severity) where.push('severity = {severity:String}');
      if (f.state) where.push('state = {state:String}');
      if (f.entity) where.push('entity_id = {entity:String}');
      if (f.service) where.push('service = {service:String}');
      if (f.incident) where.push('incident_id = {incident:String}');
      const rows = await storage.query<Row>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY start_time DESC LIMIT {limit:UInt32}`, {
        tenant,
        ...f,
      });
      return rows.map(fromRow);
    },
    async get(tenant: string, id: string): Promise<AlertEvent> {
      const [row] = await storage.query<Row>(`${SELECT} WHERE tenant = {tenant:String} AND id = {id:String}`, { tenant, id });
      if (!row) throw new ArgusError('ALERT_EVENT_NOT_FOUND', `no event ${id}`, 404);
      return fromRow(row);
    },
    async byIds(tenant: string, ids: string[]): Promise<AlertEvent[]> {
      if (!ids.length) return [];
      const rows = await storage.query<Row>(`${SELECT} WHERE tenant = {tenant:String} AND id IN {ids:Array(String)} ORDER BY start_time`, {
        tenant,
        ids,
      });
      return rows.map(fromRow);
    },
    /** open issues and incidents (the evaluator resumes them after a restart) */
    async open(): Promise<AlertEvent[]> {
      const rows = await storage.query<Row>(`${SELECT} WHERE state = 'open' AND type IN ('issue', 'incident')`);
      return rows.map(fromRow);
    },
  };
}

export type EventStore = ReturnType<typeof createEventStore>;
