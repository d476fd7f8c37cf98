import type { Entity, EntityChange } from '@argus/api';
import { useState } from 'react';
import { Empty } from '../../../components/states';
import { formatTime } from '../../../lib/format';
import { formatIec } from './units';

type Attrs = Entity['attributes'];

const BYTES = /(memory\.total|maxmemory|total_system_memory)$/;

function factValue(key: string, v: Attrs[string] | undefined): string {
  if (v === undefined || v === '') return '–';
  if (typeof v === 'number' && BYTES.test(key)) return formatIec(v);
  if (typeof v === 'number' && /start_time$/.test(key) && v > 1e12) return new Date(v).toLocaleString('en-GB');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/** Snapshot facts: the type's key facts first, every other attribute on demand. */
export function Facts({ entity, keyFacts }: { entity: Entity; keyFacts: Array<[string, string]> }) {
  const [all, setAll] = useState(false);
  const a = entity.attributes;
  const first = keyFacts.filter(([k]) => a[k] !== undefined && a[k] !== '');
  const rest = Object.keys(a)
    .filter((k) => !first.some(([f]) => f === k))
    .sort();
  return (
    <div className="facts">
      <dl>
        {first.map(([k, label]) => (
          <div key={k} className="fact">
            <dt title={k}>{label}</dt>
            <dd>{factValue(k, a[k])}</dd>
          </div>
        ))}
        {all &&
          rest.map((k) => (
            <div key={k} className="fact">
              <dt className="mono">{k}</dt>
              <dd>{factValue(k, a[k])}</dd>
            </div>
          ))}
        <div className="fact">
          <dt>Entity id</dt>
          <dd className="mono small">{entity.id}</dd>
        </div>
      </dl>
      {rest.length > 0 && (
        <button type="button" className="btn small" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? 'Fewer facts' : `All ${Object.keys(a).length} facts`}
        </button>
      )}
    </div>
  );
}

export interface FactDiff {
  key: string;
  before: string | undefined;
  after: string | undefined;
}

/** What changed between two snapshots (name, parent and every attribute). */
export function diffSnapshots(older: EntityChange, newer: EntityChange): FactDiff[] {
  const out: FactDiff[] = [];
  if (older.name !== newer.name) out.push({ key: 'name', before: older.name, after: newer.name });
  if (older.parentId !== newer.parentId)
    out.push({ key: 'parent', before: older.parentId ?? undefined, after: newer.parentId ?? undefined });
  const keys = new Set([...Object.keys(older.attributes), ...Object.keys(newer.attributes)]);
  for (const k of [...keys].sort()) {
    const b = older.attributes[k];
    const c = newer.attributes[k];
    if (b !== c) out.push({ key: k, before: b === undefined ? undefined : String(b), after: c === undefined ? undefined : String(c) });
  }
  return out;
}

/** The snapshot history, newest first: what changed at each step. */
export function Changes({ changes }: { changes: EntityChange[] }) {
  if (changes.length === 0) return <Empty title="No snapshot recorded" height={100} />;
  return (
    <ol className="changes">
      {changes.map((c, i) => {
        const older = changes[i + 1] as EntityChange | undefined;
        const diff = older ? diffSnapshots(older, c) : [];
        return (
          <li key={`${c.time}-${i}`}>
            <div className="change-time small muted">{formatTime(c.time)}</div>
            {!older ? (
              <div className="small">
                {i === changes.length - 1 && changes.length >= 20 ? 'earlier history not shown' : 'first snapshot'}
              </div>
            ) : diff.length === 0 ? (
              <div className="small muted">re-reported, unchanged</div>
            ) : (
              <ul className="diff">
                {diff.slice(0, 8).map((d) => (
                  <li key={d.key}>
                    <span className="mono">{d.key}</span> <span className="diff-old">{d.before ?? '(none)'}</span> →{' '}
                    <span className="diff-new">{d.after ?? '(removed)'}</span>
                  </li>
                ))}
                {diff.length > 8 && <li className="muted">and {diff.length - 8} more</li>}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
